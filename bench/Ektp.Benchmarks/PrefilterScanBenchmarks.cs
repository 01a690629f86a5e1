using System.Numerics;
using BenchmarkDotNet.Attributes;
using Ektp.Biometrics.Engine.Search;

namespace Ektp.Benchmarks;

/// <summary>
/// One pre-filter scan of one shelf on one core: <see cref="SignatureScan.Top"/> with each kernel against the loop it
/// replaced (<see cref="Before"/>), over synthetic signatures, keeping 0.4 % like the gallery. Candidates per second
/// per core = <see cref="Rows"/> / mean time (single-threaded, so wall time is CPU time when the core is not shared).
/// </summary>
public class PrefilterScanBenchmarks
{
    private const int Words = Signature.Words;
    private ulong[] _signatures = [];
    private float[] _counts = [];
    private float[] _norms = [];
    private ulong[] _probe = [];
    private float _density;
    private int _keep;

    /// <summary>Rows in the shelf: 50,000 fits the processor's caches, 500,000 (128 MB) streams from memory.</summary>
    [Params(50_000, 500_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _signatures = new ulong[(long)Rows * Words];
        _counts = new float[Rows];
        _norms = new float[Rows];
        Parallel.For(0, Rows, i =>
        {
            var generator = new SyntheticFingers(i);
            var row = _signatures.AsSpan(i * Words, Words);
            Signature.Compute(generator.Impression(generator.Finger()), row);
            var bits = Signature.Count(row);
            _counts[i] = bits;
            _norms[i] = bits == 0 ? 0 : 1f / MathF.Sqrt(bits);
        });
        var mate = new SyntheticFingers(Rows / 3);
        _probe = new ulong[Words];
        Signature.Compute(new SyntheticFingers(-1).Impression(mate.Finger()), _probe);
        _density = Signature.Count(_probe) / (float)(Words * 64);
        _keep = Math.Max(200, (int)(Rows * 0.004));
    }

    [Benchmark]
    public int Scalar() => Top(SignatureScan.Kernel.Scalar);

    [Benchmark]
    public int Avx2() => Top(SignatureScan.Kernel.Avx2);

    [Benchmark]
    public int Avx512() => Top(SignatureScan.Kernel.Avx512);

    /// <summary>The scan before SignatureScan: scalar POPCNT and a heap test for every row.</summary>
    [Benchmark(Baseline = true)]
    public unsafe int Before()
    {
        var heap = new PriorityQueue<int, float>(_keep + 1);
        var floor = float.MinValue;
        fixed (ulong* signatures = _signatures)
        fixed (ulong* p = _probe)
        {
            var row = signatures;
            for (var index = 0; index < Rows; index++, row += Words)
            {
                var norm = _norms[index];
                if (norm == 0)
                {
                    continue;
                }

                int c0 = 0, c1 = 0, c2 = 0, c3 = 0;
                for (var w = 0; w < Words; w += 4)
                {
                    c0 += BitOperations.PopCount(row[w] & p[w]);
                    c1 += BitOperations.PopCount(row[w + 1] & p[w + 1]);
                    c2 += BitOperations.PopCount(row[w + 2] & p[w + 2]);
                    c3 += BitOperations.PopCount(row[w + 3] & p[w + 3]);
                }

                var score = (c0 + c1 + c2 + c3 - (_counts[index] * _density)) * norm;
                if (heap.Count < _keep)
                {
                    heap.Enqueue(index, score);
                    if (heap.Count == _keep)
                    {
                        heap.TryPeek(out _, out floor);
                    }
                }
                else if (score > floor)
                {
                    heap.DequeueEnqueue(index, score);
                    heap.TryPeek(out _, out floor);
                }
            }
        }

        return heap.Count;
    }

    private int Top(SignatureScan.Kernel kernel) =>
        SignatureScan.IsSupported(kernel)
            ? SignatureScan.Top(_probe, _density, _signatures, _counts, _norms, 0, Rows, _keep, kernel).Count
            : -1;
}
