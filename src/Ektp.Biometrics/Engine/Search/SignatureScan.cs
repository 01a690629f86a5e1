using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ektp.Biometrics.Engine.Search;

/// <summary>
/// The pre-filter's inner loop: the bits a probe signature shares with each row of a shelf, and the best
/// <c>keep</c> rows by <see cref="Signature.Similarity"/>.
/// <para>
/// The shared-bit counts are exact integers on every path, so every path gives the same scores and the same heap
/// operations in the same order, hence the same selection, ties included. The vector paths count the bits of the
/// AND with a 16-entry nibble table (one byte shuffle per nibble) and sum the bytes with SAD; four rows are summed
/// at once with each row's count in its own 16-bit field of the lane sums (a count is at most 2048), so one
/// horizontal sum serves four rows. .NET 10 exposes no VPOPCNTQ (there is no Avx512Vpopcntdq class, and Avx10v1
/// is not reported by the AMD EPYC this was measured on), so the table is what AVX-512 BW offers.
/// </para>
/// </summary>
internal static class SignatureScan
{
    private const int Words = Signature.Words;
    private const int Bytes = Words * 8;

    // Rows whose counts are worked out before their scores go through the heap: 64 KB of signatures.
    private const int Block = 256;

    /// <summary>How the shared bits are counted.</summary>
    public enum Kernel
    {
        /// <summary>Scalar POPCNT, one 64-bit word at a time: runs everywhere.</summary>
        Scalar,

        /// <summary>256-bit AVX2 nibble table.</summary>
        Avx2,

        /// <summary>512-bit AVX-512 BW nibble table.</summary>
        Avx512,
    }

    /// <summary>The fastest kernel this processor runs.</summary>
    public static Kernel Best { get; } =
        IsSupported(Kernel.Avx512) && Vector512.IsHardwareAccelerated ? Kernel.Avx512
        : IsSupported(Kernel.Avx2) ? Kernel.Avx2
        : Kernel.Scalar;

    /// <summary>Whether this processor runs <paramref name="kernel"/>.</summary>
    public static bool IsSupported(Kernel kernel) => kernel switch
    {
        Kernel.Avx512 => Avx512BW.IsSupported,
        Kernel.Avx2 => Avx2.IsSupported,
        _ => true,
    };

    /// <summary>
    /// The <paramref name="keep"/> best rows <paramref name="from"/> to <paramref name="to"/> (exclusive) by
    /// <see cref="Signature.Similarity"/>, skipping rows whose norm is zero (free slots), as (score, row) in the order
    /// a min-heap gives them up: lowest score first.
    /// </summary>
    /// <param name="probe">The probe signature, <see cref="Signature.Words"/> words.</param>
    /// <param name="density">The probe's set bits divided by the signature's length in bits.</param>
    /// <param name="signatures">The rows, <see cref="Signature.Words"/> words each.</param>
    /// <param name="counts">Set bits of each row.</param>
    /// <param name="norms">1/√(set bits) of each row; zero for a free slot.</param>
    /// <param name="from">First row.</param>
    /// <param name="to">One past the last row.</param>
    /// <param name="keep">How many rows to keep.</param>
    /// <param name="kernel">How to count; <see cref="Best"/> unless a test compares them.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<(float Score, int Index)> Top(ulong[] probe, float density, ulong[] signatures, float[] counts,
        float[] norms, int from, int to, int keep, Kernel kernel)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(probe.Length, Words);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        if (from < 0 || to < from || (long)to * Words > signatures.Length || to > counts.Length || to > norms.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(to), "The rows are not all in the arrays.");
        }

        var heap = new PriorityQueue<int, float>(keep + 1);
        var floor = float.MinValue;
        Span<int> shared = stackalloc int[Block];
        Span<float> scores = stackalloc float[Block];
        for (var start = from; start < to; start += Block)
        {
            var rows = Math.Min(Block, to - start);
            Shared(probe, signatures.AsSpan(start * Words, rows * Words), shared[..rows], kernel);
            var norm = norms.AsSpan(start, rows);
            Scores(shared[..rows], counts.AsSpan(start, rows), norm, density, scores[..rows]);

            // Until the heap is full every row goes in.
            var k = 0;
            for (; k < rows && heap.Count < keep; k++)
            {
                if (norm[k] != 0)
                {
                    heap.Enqueue(start + k, scores[k]);
                    if (heap.Count == keep)
                    {
                        heap.TryPeek(out _, out floor);
                    }
                }
            }

            // Then only rows above the floor, eight at a time: a row at or below the floor when its group of eight
            // is tested stays at or below it, since the floor only rises, so the heap sees the same operations in the
            // same order as with a test of every row on its own.
            for (; k + 8 <= rows; k += 8)
            {
                var above = Above(scores.Slice(k, 8), norm.Slice(k, 8), floor);
                while (above != 0)
                {
                    var j = k + BitOperations.TrailingZeroCount(above);
                    above &= above - 1;
                    if (scores[j] > floor)
                    {
                        heap.DequeueEnqueue(start + j, scores[j]);
                        heap.TryPeek(out _, out floor);
                    }
                }
            }

            for (; k < rows; k++)
            {
                if (norm[k] != 0 && scores[k] > floor)
                {
                    heap.DequeueEnqueue(start + k, scores[k]);
                    heap.TryPeek(out _, out floor);
                }
            }
        }

        var found = new List<(float, int)>(heap.Count);
        while (heap.TryDequeue(out var index, out var score))
        {
            found.Add((score, index));
        }

        return found;
    }

    // Shared bits above what chance gives a set of this size, in standard deviations: the same single-precision
    // operations in the same order in every lane as in the scalar expression, so the same values to the bit (no
    // fused multiply-add). A free slot (zero norm) scores zero here and is never let into the heap.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scores(ReadOnlySpan<int> shared, ReadOnlySpan<float> counts, ReadOnlySpan<float> norms,
        float density, Span<float> scores)
    {
        var k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var d = Vector256.Create(density);
            for (; k + 8 <= shared.Length; k += 8)
            {
                var s = Vector256.ConvertToSingle(Vector256.Create(shared.Slice(k, 8)));
                var score = (s - (Vector256.Create(counts.Slice(k, 8)) * d)) * Vector256.Create(norms.Slice(k, 8));
                score.CopyTo(scores.Slice(k, 8));
            }
        }

        for (; k < shared.Length; k++)
        {
            scores[k] = (shared[k] - (counts[k] * density)) * norms[k];
        }
    }

    // Bit i set when row i of the eight scores above the floor and is not a free slot.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Above(ReadOnlySpan<float> scores, ReadOnlySpan<float> norms, float floor)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            var above = Vector256.GreaterThan(Vector256.Create(scores), Vector256.Create(floor)) &
                        ~Vector256.Equals(Vector256.Create(norms), Vector256<float>.Zero);
            return above.ExtractMostSignificantBits();
        }

        var mask = 0u;
        for (var i = 0; i < 8; i++)
        {
            mask |= (norms[i] != 0 && scores[i] > floor ? 1u : 0u) << i;
        }

        return mask;
    }

    /// <summary>
    /// Sets <paramref name="shared"/>[i] to the number of set bits that row i of <paramref name="rows"/> shares
    /// with <paramref name="probe"/>.
    /// </summary>
    public static unsafe void Shared(ReadOnlySpan<ulong> probe, ReadOnlySpan<ulong> rows, Span<int> shared,
        Kernel kernel)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(probe.Length, Words);
        ArgumentOutOfRangeException.ThrowIfNotEqual(rows.Length, shared.Length * Words);
        if (!IsSupported(kernel))
        {
            throw new PlatformNotSupportedException($"This processor has no {kernel}.");
        }

        fixed (ulong* p = probe)
        fixed (ulong* r = rows)
        fixed (int* s = shared)
        {
            switch (kernel)
            {
                case Kernel.Avx512:
                    SharedAvx512((byte*)p, (byte*)r, s, shared.Length);
                    break;
                case Kernel.Avx2:
                    SharedAvx2((byte*)p, (byte*)r, s, shared.Length);
                    break;
                default:
                    SharedScalar(p, r, s, shared.Length);
                    break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SharedScalar(ulong* probe, ulong* rows, int* shared, int count)
    {
        for (var i = 0; i < count; i++, rows += Words)
        {
            int c0 = 0, c1 = 0, c2 = 0, c3 = 0;
            for (var w = 0; w < Words; w += 4)
            {
                c0 += BitOperations.PopCount(rows[w] & probe[w]);
                c1 += BitOperations.PopCount(rows[w + 1] & probe[w + 1]);
                c2 += BitOperations.PopCount(rows[w + 2] & probe[w + 2]);
                c3 += BitOperations.PopCount(rows[w + 3] & probe[w + 3]);
            }

            shared[i] = c0 + c1 + c2 + c3;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SharedAvx512(byte* probe, byte* rows, int* shared, int count)
    {
        var table = Vector512.Create(NibbleTable256(), NibbleTable256());
        var nibble = Vector512.Create((byte)15);
        var (p0, p1, p2, p3) = (Vector512.Load(probe), Vector512.Load(probe + 64), Vector512.Load(probe + 128),
            Vector512.Load(probe + 192));
        var i = 0;
        for (; i + 4 <= count; i += 4, rows += 4 * Bytes)
        {
            var lanes = Vector512<ulong>.Zero;
            for (var k = 0; k < 4; k++)
            {
                var row = rows + (k * Bytes);
                var bytes = Bits512(table, nibble, Vector512.Load(row) & p0) +
                            Bits512(table, nibble, Vector512.Load(row + 64) & p1) +
                            Bits512(table, nibble, Vector512.Load(row + 128) & p2) +
                            Bits512(table, nibble, Vector512.Load(row + 192) & p3);
                lanes += Avx512BW.SumAbsoluteDifferences(bytes, Vector512<byte>.Zero).AsUInt64() << (16 * k);
            }

            var sums = Vector512.Sum(lanes);
            shared[i] = (int)(sums & 0xFFFF);
            shared[i + 1] = (int)((sums >> 16) & 0xFFFF);
            shared[i + 2] = (int)((sums >> 32) & 0xFFFF);
            shared[i + 3] = (int)(sums >> 48);
        }

        for (; i < count; i++, rows += Bytes)
        {
            var bytes = Bits512(table, nibble, Vector512.Load(rows) & p0) +
                        Bits512(table, nibble, Vector512.Load(rows + 64) & p1) +
                        Bits512(table, nibble, Vector512.Load(rows + 128) & p2) +
                        Bits512(table, nibble, Vector512.Load(rows + 192) & p3);
            shared[i] = (int)Vector512.Sum(Avx512BW.SumAbsoluteDifferences(bytes, Vector512<byte>.Zero).AsUInt64());
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SharedAvx2(byte* probe, byte* rows, int* shared, int count)
    {
        var table = NibbleTable256();
        var nibble = Vector256.Create((byte)15);
        for (var i = 0; i < count; i += 4)
        {
            var lanes = Vector256<ulong>.Zero;
            for (var k = 0; k < 4 && i + k < count; k++)
            {
                var row = rows + ((long)(i + k) * Bytes);
                var bytes = Vector256<byte>.Zero;
                for (var o = 0; o < Bytes; o += 32)
                {
                    bytes += Bits256(table, nibble, Vector256.Load(row + o) & Vector256.Load(probe + o));
                }

                lanes += Avx2.SumAbsoluteDifferences(bytes, Vector256<byte>.Zero).AsUInt64() << (16 * k);
            }

            var sums = Vector256.Sum(lanes);
            for (var k = 0; k < 4 && i + k < count; k++)
            {
                shared[i + k] = (int)((sums >> (16 * k)) & 0xFFFF);
            }
        }
    }

    // The set bits of each byte of a vector (at most 8 per byte, so 32 of them fit a byte before the SAD).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Bits512(Vector512<byte> table, Vector512<byte> nibble, Vector512<byte> value) =>
        Avx512BW.Shuffle(table, value & nibble) +
        Avx512BW.Shuffle(table, (value.AsUInt16() >> 4).AsByte() & nibble);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Bits256(Vector256<byte> table, Vector256<byte> nibble, Vector256<byte> value) =>
        Avx2.Shuffle(table, value & nibble) + Avx2.Shuffle(table, (value.AsUInt16() >> 4).AsByte() & nibble);

    // The shuffles look up within each 128-bit lane, so the 16-entry table is repeated in every lane.
    private static Vector256<byte> NibbleTable256()
    {
        var lane = Vector128.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        return Vector256.Create(lane, lane);
    }
}
