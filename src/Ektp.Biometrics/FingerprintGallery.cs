using System.Diagnostics;
using System.Numerics;
using Ektp.Biometrics.Engine.Matching;
using Ektp.Biometrics.Engine.Search;

namespace Ektp.Biometrics;

/// <summary>
/// An in-memory 1:N search gallery of persons with up to ten fingers each, keyed by a <c>long</c> person id
/// chosen by the caller (e.g. the NIK as a number, or a database key).
/// <para>
/// Memory is laid out as structure-of-arrays: one contiguous array of pre-filter signatures (128 bytes per
/// finger), one of norms, positions and owners, and chunked compact minutia records (6 bytes per minutia), about
/// 400 bytes per finger in all. A search first scans every signature of the probe finger's position on all cores
/// (a few nanoseconds per finger), keeps the best small fraction, and only those reach the exact matcher.
/// </para>
/// <para>Thread-safe: any number of concurrent searches; adds and removes wait for running searches.</para>
/// </summary>
public sealed class FingerprintGallery : IDisposable
{
    private const int Words = Signature.Words;
    private const int ChunkBytes = 1 << 24;
    private const int RecordBytes = 6;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<long, int[]> _slotsOf = [];
    private readonly List<byte[]> _chunks = [];
    private ulong[] _signatures = new ulong[1024 * Words];
    private float[] _norms = new float[1024];
    private float[] _counts = new float[1024];
    private long[] _owners = new long[1024];
    private byte[] _positions = new byte[1024];
    private long[] _records = new long[1024];
    private int _chunkUsed = ChunkBytes;
    private int _slots;
    private int _alive;

    /// <summary>Number of persons in the gallery.</summary>
    public int PersonCount
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _slotsOf.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Number of fingers in the gallery.</summary>
    public int FingerCount => Volatile.Read(ref _alive);

    /// <summary>Bytes held by the gallery's arrays (capacity included), for sizing servers.</summary>
    public long MemoryBytes
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return (_signatures.LongLength * 8) + (_norms.LongLength * 8) + (_owners.LongLength * 8)
                    + _positions.LongLength + (_records.LongLength * 8) + ((long)_chunks.Count * ChunkBytes);
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>
    /// Adds a person, or replaces all fingers of a person already present.
    /// </summary>
    /// <param name="personId">The caller's key for the person.</param>
    /// <param name="fingers">One to ten fingers by position.</param>
    public void Add(long personId, IReadOnlyDictionary<FingerPosition, FingerprintTemplate> fingers)
    {
        ArgumentNullException.ThrowIfNull(fingers);
        if (fingers.Count is 0 or > 10)
        {
            throw new ArgumentException("A person has one to ten fingers.", nameof(fingers));
        }

        // The expensive part runs outside the lock.
        var prepared = fingers.Select(f =>
        {
            var bits = new ulong[Words];
            Signature.Compute(f.Value.Structure, bits);
            return (Position: f.Key, Template: f.Value, Bits: bits);
        }).ToList();

        _lock.EnterWriteLock();
        try
        {
            RemoveLocked(personId);
            var slots = new int[prepared.Count];
            for (var k = 0; k < prepared.Count; k++)
            {
                var (position, template, bits) = prepared[k];
                var slot = _slots++;
                EnsureCapacity(_slots);
                bits.CopyTo(_signatures.AsSpan(slot * Words, Words));
                var count = Signature.Count(bits);
                _norms[slot] = count == 0 ? 0 : 1f / MathF.Sqrt(count);
                _counts[slot] = count;
                _owners[slot] = personId;
                _positions[slot] = (byte)position;
                _records[slot] = Store(template.MinutiaSpan);
                slots[k] = slot;
            }

            _slotsOf[personId] = slots;
            _alive += slots.Length;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes a person; returns false when the id is not in the gallery.</summary>
    public bool Remove(long personId)
    {
        _lock.EnterWriteLock();
        try
        {
            return RemoveLocked(personId);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Searches the gallery. Each probe finger is compared with the same finger position of every person
    /// (<see cref="FingerPosition.Unknown"/> on either side compares with every position).
    /// </summary>
    /// <param name="probe">One or more fingers of the person being enrolled or identified.</param>
    /// <param name="maxCandidates">At most this many persons are returned, best first.</param>
    /// <param name="threshold">Only persons whose fused score reaches this are returned.</param>
    public IReadOnlyList<GalleryCandidate> Search(
        IReadOnlyDictionary<FingerPosition, FingerprintTemplate> probe,
        int maxCandidates = 10,
        double threshold = FingerprintMatcher.DefaultThreshold) => SearchWithStatistics(probe, maxCandidates, threshold).Candidates;

    internal (IReadOnlyList<GalleryCandidate> Candidates, SearchStatistics Statistics) SearchWithStatistics(
        IReadOnlyDictionary<FingerPosition, FingerprintTemplate> probe, int maxCandidates, double threshold)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCandidates, 1);
        var fingers = probe.Select(p =>
        {
            var bits = new ulong[Words];
            Signature.Compute(p.Value.Structure, bits);
            return (Position: p.Key, Matcher: new FingerprintMatcher(p.Value), Bits: bits);
        }).ToList();

        _lock.EnterReadLock();
        try
        {
            var clock = Stopwatch.StartNew();
            var keep = Math.Max(Parameters.PrefilterMinimum, (int)(_slots * Parameters.PrefilterFraction));
            var persons = new HashSet<long>();
            long scanned = 0;
            foreach (var finger in fingers)
            {
                foreach (var slot in Prefilter(finger.Bits, (byte)finger.Position, keep, ref scanned))
                {
                    persons.Add(_owners[slot]);
                }
            }

            var prefilterMs = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            var list = persons.ToArray();
            var results = new GalleryCandidate?[list.Length];
            var comparisons = 0;
            Parallel.For(0, list.Length, k =>
            {
                var scores = new Dictionary<FingerPosition, double>();
                double fused = 0;
                foreach (var finger in fingers)
                {
                    var best = -1.0;
                    foreach (var slot in _slotsOf[list[k]])
                    {
                        if (!SamePosition((byte)finger.Position, _positions[slot]))
                        {
                            continue;
                        }

                        var structure = new LocalStructure(Load(_records[slot]));
                        best = Math.Max(best, Calibration.ToScore(finger.Matcher.MatchRaw(structure)));
                        Interlocked.Increment(ref comparisons);
                    }

                    if (best >= 0)
                    {
                        scores[finger.Position] = best;
                        fused += best;
                    }
                }

                if (fused >= threshold)
                {
                    results[k] = new GalleryCandidate(list[k], fused, scores);
                }
            });

            var ranked = results.OfType<GalleryCandidate>()
                .OrderByDescending(c => c.Score)
                .ThenBy(c => c.PersonId)
                .Take(maxCandidates)
                .ToList();
            return (ranked, new SearchStatistics(scanned, prefilterMs, comparisons, clock.Elapsed.TotalMilliseconds));
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();

    private static bool SamePosition(byte probe, byte stored) => probe == 0 || stored == 0 || probe == stored;

    private List<int> Prefilter(ulong[] bits, byte position, int keep, ref long scanned)
    {
        var slots = _slots;
        var parts = Math.Max(1, Math.Min(Environment.ProcessorCount * 4, slots / 4096));
        var partial = new List<(float Score, int Slot)>[parts];
        var counted = new long[parts];
        Parallel.For(0, parts, part =>
        {
            var from = (int)((long)slots * part / parts);
            var to = (int)((long)slots * (part + 1) / parts);
            var heap = new PriorityQueue<int, float>(keep + 1);
            var floor = float.MinValue;
            var probeBits = bits.AsSpan();
            var signatures = _signatures;
            var norms = _norms;
            var counts = _counts;
            var density = Signature.Count(bits) / (float)(Words * 64);
            var positions = _positions;
            long n = 0;
            for (var slot = from; slot < to; slot++)
            {
                if (!SamePosition(position, positions[slot]) || norms[slot] == 0)
                {
                    continue;
                }

                n++;
                var row = signatures.AsSpan(slot * Words, Words);
                var common = 0;
                for (var w = 0; w < Words; w++)
                {
                    common += BitOperations.PopCount(row[w] & probeBits[w]);
                }

                // Shared bits above what chance gives a set of this size, in standard deviations.
                var score = (common - (counts[slot] * density)) * norms[slot];
                if (heap.Count < keep)
                {
                    heap.Enqueue(slot, score);
                    if (heap.Count == keep)
                    {
                        heap.TryPeek(out _, out floor);
                    }
                }
                else if (score > floor)
                {
                    heap.DequeueEnqueue(slot, score);
                    heap.TryPeek(out _, out floor);
                }
            }

            var found = new List<(float, int)>(heap.Count);
            while (heap.TryDequeue(out var s, out var p))
            {
                found.Add((p, s));
            }

            partial[part] = found;
            counted[part] = n;
        });

        scanned += counted.Sum();
        return [.. partial.SelectMany(p => p).OrderByDescending(p => p.Score).Take(keep).Select(p => p.Slot)];
    }

    private bool RemoveLocked(long personId)
    {
        if (!_slotsOf.Remove(personId, out var slots))
        {
            return false;
        }

        foreach (var slot in slots)
        {
            // A zero norm marks a free slot; the pre-filter skips it.
            _norms[slot] = 0;
        }

        _alive -= slots.Length;
        return true;
    }

    private void EnsureCapacity(int count)
    {
        if (count <= _norms.Length)
        {
            return;
        }

        var capacity = Math.Max(count, _norms.Length * 2);
        Array.Resize(ref _signatures, capacity * Words);
        Array.Resize(ref _norms, capacity);
        Array.Resize(ref _counts, capacity);
        Array.Resize(ref _owners, capacity);
        Array.Resize(ref _positions, capacity);
        Array.Resize(ref _records, capacity);
    }

    private long Store(ReadOnlySpan<Minutia> minutiae)
    {
        var size = 1 + (minutiae.Length * RecordBytes);
        if (_chunkUsed + size > ChunkBytes)
        {
            _chunks.Add(new byte[ChunkBytes]);
            _chunkUsed = 0;
        }

        var chunk = _chunks[^1];
        var at = _chunkUsed;
        chunk[at] = (byte)minutiae.Length;
        for (var i = 0; i < minutiae.Length; i++)
        {
            var m = minutiae[i];
            var p = at + 1 + (i * RecordBytes);
            chunk[p] = (byte)(m.X >> 8);
            chunk[p + 1] = (byte)m.X;
            chunk[p + 2] = (byte)(m.Y >> 8);
            chunk[p + 3] = (byte)m.Y;
            chunk[p + 4] = m.Angle;
            chunk[p + 5] = (byte)(((int)m.Type << 6) | (m.Quality >> 1));
        }

        _chunkUsed += size;
        return ((long)(_chunks.Count - 1) << 32) | (uint)at;
    }

    private Minutia[] Load(long record)
    {
        var chunk = _chunks[(int)(record >> 32)];
        var at = (int)(record & 0xFFFFFFFF);
        var minutiae = new Minutia[chunk[at]];
        for (var i = 0; i < minutiae.Length; i++)
        {
            var p = at + 1 + (i * RecordBytes);
            minutiae[i] = new Minutia(
                (short)((chunk[p] << 8) | chunk[p + 1]),
                (short)((chunk[p + 2] << 8) | chunk[p + 3]),
                chunk[p + 4],
                (MinutiaType)(chunk[p + 5] >> 6),
                (byte)((chunk[p + 5] & 63) << 1));
        }

        return minutiae;
    }
}
