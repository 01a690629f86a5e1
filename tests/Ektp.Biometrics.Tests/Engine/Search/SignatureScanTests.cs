using System.Numerics;
using Ektp.Biometrics.Engine.Search;

namespace Ektp.Biometrics.Tests.Engine.Search;

public class SignatureScanTests
{
    private const int Words = Signature.Words;

    // By name: the kernel enumeration is internal. Only the kernels this processor runs (all three on AVX-512 BW).
    public static TheoryData<string> Kernels =>
        [.. Enum.GetValues<SignatureScan.Kernel>().Where(SignatureScan.IsSupported).Select(k => k.ToString())];

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Shared_bit_counts_are_exact_for_random_empty_and_full_rows_of_any_count(string kernelName)
    {
        var kernel = Enum.Parse<SignatureScan.Kernel>(kernelName);
        var random = new Random(11);
        var probe = RandomBits(random, 0.5);
        List<ulong[]> rows = [new ulong[Words], Full(), probe, [.. probe.Select(w => ~w)]];
        for (var k = 0; k < 40; k++)
        {
            rows.Add(RandomBits(random, random.NextDouble()));
        }

        // Every row count from 1 to all of them, so the blocks of four and the rest are both exercised.
        foreach (var p in new[] { probe, Full(), new ulong[Words] })
        {
            for (var n = 1; n <= rows.Count; n++)
            {
                var flat = rows.Take(n).SelectMany(r => r).ToArray();
                var shared = new int[n];
                SignatureScan.Shared(p, flat, shared, kernel);
                Assert.Equal(rows.Take(n).Select(r => Shared(p, r)), shared);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Top_selects_exactly_what_the_simple_full_scan_selects(string kernelName)
    {
        var kernel = Enum.Parse<SignatureScan.Kernel>(kernelName);
        // 3,000 synthetic fingers, a few freed slots and duplicated rows (equal scores), 40 probes mated and not.
        const int Count = 3_000;
        var signatures = new ulong[Count * Words];
        var counts = new float[Count];
        var norms = new float[Count];
        var fingers = new Minutia[Count][];
        for (var i = 0; i < Count; i++)
        {
            var generator = new SyntheticFingers(i);
            fingers[i] = generator.Finger();
            var row = signatures.AsSpan(i * Words, Words);
            if (i % 97 == 5)
            {
                signatures.AsSpan((i - 1) * Words, Words).CopyTo(row);
            }
            else
            {
                Signature.Compute(generator.Impression(fingers[i]), row);
            }

            var bits = Signature.Count(row);
            counts[i] = bits;
            norms[i] = i % 211 == 3 || bits == 0 ? 0 : 1f / MathF.Sqrt(bits);
        }

        for (var q = 0; q < 40; q++)
        {
            var probe = new ulong[Words];
            var generator = new SyntheticFingers(100_000 + q);
            Signature.Compute(generator.Impression(q % 2 == 0 ? fingers[q * 61 % Count] : generator.Finger()), probe);
            var density = Signature.Count(probe) / (float)(Words * 64);
            foreach (var (from, to, keep) in new[] { (0, Count, 12), (0, Count, 1), (17, 2_901, 50), (5, 9, 10) })
            {
                var expected = SimpleScan(probe, density, signatures, counts, norms, from, to, keep);
                var actual = SignatureScan.Top(probe, density, signatures, counts, norms, from, to, keep, kernel);
                Assert.Equal(expected, actual);
            }
        }
    }

    // The pre-filter scan as it was before the vector kernels: one row at a time, scalar POPCNT, the same heap.
    private static List<(float Score, int Index)> SimpleScan(ulong[] probe, float density, ulong[] signatures,
        float[] counts, float[] norms, int from, int to, int keep)
    {
        var heap = new PriorityQueue<int, float>(keep + 1);
        var floor = float.MinValue;
        for (var index = from; index < to; index++)
        {
            var norm = norms[index];
            if (norm == 0)
            {
                continue;
            }

            var score = (Shared(probe, signatures.AsSpan(index * Words, Words)) - (counts[index] * density)) * norm;
            if (heap.Count < keep)
            {
                heap.Enqueue(index, score);
                if (heap.Count == keep)
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

        var found = new List<(float, int)>();
        while (heap.TryDequeue(out var index, out var score))
        {
            found.Add((score, index));
        }

        return found;
    }

    private static int Shared(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        var shared = 0;
        for (var w = 0; w < Words; w++)
        {
            shared += BitOperations.PopCount(a[w] & b[w]);
        }

        return shared;
    }

    private static ulong[] Full() => [.. Enumerable.Repeat(ulong.MaxValue, Words)];

    private static ulong[] RandomBits(Random random, double density)
    {
        var bits = new ulong[Words];
        for (var b = 0; b < Words * 64; b++)
        {
            if (random.NextDouble() < density)
            {
                bits[b >> 6] |= 1UL << (b & 63);
            }
        }

        return bits;
    }
}
