using System.Buffers.Binary;
using System.Diagnostics;
using System.Numerics;
using Ektp.Biometrics.Engine.Matching;
using Ektp.Biometrics.Engine.Search;

namespace Ektp.Biometrics;

/// <summary>
/// An in-memory 1:N search gallery of persons with up to ten fingers each, keyed by a <c>long</c> person id
/// chosen by the caller (e.g. the NIK as a number, or a database key).
/// <para>
/// Memory is laid out as structure-of-arrays, one shelf per finger position: a contiguous array of pre-filter
/// signatures (256 bytes per finger), arrays of norms and owners, and chunked compact minutia records (5 bytes per
/// minutia and 9 for its neighbour list for most prints; the orientation grid and the ridge counts of extracted
/// templates), about 1.1 KB per real finger in all. A search scans only the shelf of the probe finger's position, on
/// all cores, keeps the best small fraction, and only those reach the exact matcher.
/// </para>
/// <para>Thread-safe: any number of concurrent searches; adds and removes wait for running searches.</para>
/// </summary>
public sealed class FingerprintGallery : IDisposable
{
    private const int Words = Signature.Words;
    private const int ChunkBytes = 1 << 24;
    private const int RecordBytes = 5;

    // Persons a search worker takes from the shared list at a time.
    private const int Run = 16;

    // Per thread, reused for every candidate of every search on that thread.
    [ThreadStatic]
    private static LocalStructure? _candidate;
    [ThreadStatic]
    private static Minutia[]? _decoded;
    [ThreadStatic]
    private static byte[]? _counts;
    [ThreadStatic]
    private static byte[]? _lists;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    // Where each person's fingers are: a run of slots in _slots, each ((long)position << 32) | index in the shelf.
    // Value types only: an array per person made the collector walk millions of objects at every full collection.
    private readonly Dictionary<long, (int Start, int Count)> _fingersOf = [];
    private long[] _slots = new long[1024];
    private int _slotsUsed;
    private int _slotsFreed;
    private readonly Shelf[] _shelves = [.. Enumerable.Range(0, 11).Select(_ => new Shelf())];
    private readonly List<byte[]> _chunks = [];
    private int _chunkUsed = ChunkBytes;
    private int _alive;

    /// <summary>Number of persons in the gallery.</summary>
    public int PersonCount
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _fingersOf.Count;
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
                return _shelves.Sum(s => s.MemoryBytes) + ((long)_chunks.Count * ChunkBytes) + (_slots.LongLength * 8);
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
            if (f.Key is < FingerPosition.Unknown or > FingerPosition.LeftLittle)
            {
                throw new ArgumentOutOfRangeException(nameof(fingers), "Finger positions are ISO codes 0-10.");
            }

            var bits = new ulong[Words];
            Signature.Compute(f.Value, bits);
            return (Position: (byte)f.Key, Template: f.Value, Bits: bits);
        }).ToList();

        _lock.EnterWriteLock();
        try
        {
            RemoveLocked(personId);
            var start = ReserveSlots(prepared.Count);
            for (var k = 0; k < prepared.Count; k++)
            {
                var (position, template, bits) = prepared[k];
                var index = _shelves[position].Add(personId, bits, Store(template.MinutiaSpan, template.Orientation, template.RidgeCounts));
                _slots[start + k] = ((long)position << 32) | (uint)index;
            }

            _fingersOf[personId] = (start, prepared.Count);
            _alive += prepared.Count;
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
        double threshold = FingerprintMatcher.DefaultThreshold) =>
        SearchWithStatistics(probe, maxCandidates, threshold).Candidates;

    internal (IReadOnlyList<GalleryCandidate> Candidates, SearchStatistics Statistics) SearchWithStatistics(
        IReadOnlyDictionary<FingerPosition, FingerprintTemplate> probe, int maxCandidates, double threshold)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCandidates, 1);
        var fingers = probe.Select(p =>
        {
            var bits = new ulong[Words];
            Signature.Compute(p.Value, bits);
            return (Position: (byte)p.Key, Matcher: new FingerprintMatcher(p.Value), Bits: bits);
        }).ToList();

        _lock.EnterReadLock();
        try
        {
            var clock = Stopwatch.StartNew();
            var list = PrefilterPersons(fingers.Select(f => (f.Position, f.Bits)).ToList(), out var scanned);
            var prefilterMs = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            var persons = list.ToArray();
            var results = new GalleryCandidate?[persons.Length];
            var comparisons = 0;

            // Each worker takes runs of persons from a shared counter and reuses one decoded template and one
            // local structure for every candidate: nothing is allocated per comparison, and a dictionary of finger
            // scores only for a person that reaches the threshold.
            var next = 0;
            var workers = Math.Max(1, Math.Min(Environment.ProcessorCount, persons.Length / Run));
            Parallel.For(0, workers, _ =>
            {
                var structure = _candidate ??= LocalStructure.Reusable();
                var minutiae = _decoded ??= new Minutia[byte.MaxValue];
                Span<double> best = stackalloc double[fingers.Count];
                var compared = 0;
                for (var from = Interlocked.Add(ref next, Run) - Run; from < persons.Length;
                     from = Interlocked.Add(ref next, Run) - Run)
                {
                    for (var k = from; k < Math.Min(from + Run, persons.Length); k++)
                    {
                        var (person, hits) = persons[k];
                        var (start, count) = _fingersOf[person];
                        var scored = 0;
                        var top = double.MinValue;
                        double fused = 0;
                        best.Fill(-1);

                        // Fingers that passed the pre-filter first; the others only if those already look like a mate.
                        for (var pass = 0; pass < 2; pass++)
                        {
                            if (pass == 1 && (scored == 0 || top < Parameters.CascadeScore))
                            {
                                break;
                            }

                            for (var f = 0; f < fingers.Count; f++)
                            {
                                if (((hits >> f) & 1) != (pass == 0 ? 1 : 0))
                                {
                                    continue;
                                }

                                for (var s = start; s < start + count; s++)
                                {
                                    var (position, index) = ((byte)(_slots[s] >> 32), (int)_slots[s]);
                                    if (!SamePosition(fingers[f].Position, position))
                                    {
                                        continue;
                                    }

                                    var record = _shelves[position].Records[index];
                                    _lists ??= new byte[Parameters.MaxMinutiae * Parameters.Neighbours];
                                    var listed = Neighbours(record, _lists, out var neighbours);
                                    structure.Rebuild(Load(record, minutiae), neighbours);
                                    var orientation = Orientation(record);
                                    structure.Orientation = orientation;
                                    _counts ??= new byte[Parameters.MaxMinutiae * Parameters.Neighbours];
                                    structure.SetRidgeCounts(RidgeCounts(record, orientation, _counts));
                                    if (!listed)
                                    {
                                        // First comparison of this finger: keep what the ranking just found.
                                        structure.StoreNeighbours(neighbours);
                                        StoreNeighbours(record, neighbours);
                                    }

                                    var score = Calibration.ToScore(fingers[f].Matcher.MatchRaw(structure));
                                    best[f] = Math.Max(best[f], score);
                                    compared++;
                                }

                                if (best[f] >= 0)
                                {
                                    scored++;
                                    top = pass == 0 ? Math.Max(top, best[f]) : top;
                                    fused += best[f];
                                }
                            }
                        }

                        fused = Calibration.Fuse(fused, scored);
                        if (fused >= threshold && scored > 0)
                        {
                            // In the order they were matched: pre-filtered fingers first.
                            var scores = new Dictionary<FingerPosition, double>(scored);
                            for (var pass = 0; pass < 2; pass++)
                            {
                                for (var f = 0; f < fingers.Count; f++)
                                {
                                    if (((hits >> f) & 1) == (pass == 0 ? 1 : 0) && best[f] >= 0)
                                    {
                                        scores[(FingerPosition)fingers[f].Position] = best[f];
                                    }
                                }
                            }

                            results[k] = new GalleryCandidate(person, fused, scores);
                        }
                    }
                }

                Interlocked.Add(ref comparisons, compared);
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

    // Each probe finger keeps its best share of its shelf; the result maps each person found to the probe fingers
    // (bit mask) that found it. Summing z-scores across fingers for every person was measured and lost mates, so it
    // is a union. With two or more probe fingers, the union misses a mate whose fingers both fall just below their
    // cut (about 1 in 150 synthetic mates), while the sum of its fingers' z-scores is near the top; so the persons with
    // a finger in the top PrefilterFusionDepth shares are ranked by that sum too (the other fingers' z-scores computed
    // from their stored signatures), and those of the best few that the union did not keep are added.
    private Dictionary<long, int> PrefilterPersons(List<(byte Position, ulong[] Bits)> fingers, out long scanned)
    {
        scanned = 0;
        var found = new Dictionary<long, int>();
        var fused = fingers.Count > 1 ? new Dictionary<long, float[]>() : null;
        var kept = 0;
        for (var f = 0; f < fingers.Count; f++)
        {
            var (probePosition, bits) = fingers[f];
            for (var position = 0; position < _shelves.Length; position++)
            {
                var shelf = _shelves[position];
                if (!SamePosition(probePosition, (byte)position) || shelf.Count == 0)
                {
                    continue;
                }

                var keep = Math.Max(Parameters.PrefilterMinimum, (int)(shelf.Count * Parameters.PrefilterFraction));
                var listed = shelf.Prefilter(bits, fused is null ? keep : Parameters.PrefilterFusionDepth * keep);
                for (var rank = 0; rank < listed.Count; rank++)
                {
                    var (score, index) = listed[rank];
                    var owner = shelf.Owners[index];
                    if (rank < keep)
                    {
                        found[owner] = found.GetValueOrDefault(owner) | (1 << f);
                    }

                    if (fused is not null)
                    {
                        if (!fused.TryGetValue(owner, out var z))
                        {
                            fused[owner] = z = new float[fingers.Count];
                            z.AsSpan().Fill(float.NaN);
                        }

                        z[f] = float.IsNaN(z[f]) ? score : Math.Max(z[f], score);
                    }
                }

                kept += keep;
                scanned += shelf.Count;
            }
        }

        if (fused is not null)
        {
            AddFused(fingers, fused, found, (int)(kept / fingers.Count * Parameters.PrefilterFusedShare));
        }

        return found;
    }

    // Of the `count` best persons by summed z-score, adds those the union did not keep. Their best finger is compared
    // first, the others under the same cascade as any person's unpassed fingers.
    private void AddFused(List<(byte Position, ulong[] Bits)> fingers, Dictionary<long, float[]> fused,
        Dictionary<long, int> found, int count)
    {
        var ranked = new List<(float Sum, long Person, int Best)>(fused.Count);
        foreach (var (person, z) in fused)
        {
            float sum = 0;
            var best = 0;
            for (var f = 0; f < fingers.Count; f++)
            {
                if (float.IsNaN(z[f]))
                {
                    z[f] = StoredSimilarity(person, fingers[f].Position, fingers[f].Bits);
                }

                sum += float.IsNaN(z[f]) ? 0 : z[f];
                best = float.IsNaN(z[best]) || z[f] > z[best] ? f : best;
            }

            ranked.Add((sum, person, best));
        }

        foreach (var (_, person, best) in ranked.OrderByDescending(r => r.Sum).ThenBy(r => r.Person).Take(count))
        {
            found.TryAdd(person, 1 << best);
        }
    }

    // The pre-filter similarity of a person's stored finger(s) at a probe finger's position; NaN when none.
    private float StoredSimilarity(long person, byte probePosition, ulong[] bits)
    {
        var best = float.NaN;
        var (start, count) = _fingersOf[person];
        for (var s = start; s < start + count; s++)
        {
            var (position, index) = ((byte)(_slots[s] >> 32), (int)_slots[s]);
            if (SamePosition(probePosition, position))
            {
                var z = Signature.Similarity(bits, _shelves[position].SignatureAt(index));
                best = float.IsNaN(best) ? z : Math.Max(best, z);
            }
        }

        return best;
    }

    private static bool SamePosition(byte probe, byte stored) => probe == 0 || stored == 0 || probe == stored;

    private bool RemoveLocked(long personId)
    {
        if (!_fingersOf.Remove(personId, out var run))
        {
            return false;
        }

        for (var s = run.Start; s < run.Start + run.Count; s++)
        {
            _shelves[(byte)(_slots[s] >> 32)].Free((int)_slots[s]);
        }

        _alive -= run.Count;
        _slotsFreed += run.Count;
        return true;
    }

    // The start of a run of free slots at the end of _slots. When the array is full it is replaced by one twice the
    // size of what is in use, and the runs of removed persons are left behind.
    private int ReserveSlots(int count)
    {
        if (_slotsUsed + count > _slots.Length)
        {
            var slots = new long[Math.Max(1024, 2 * (_slotsUsed - _slotsFreed + count))];
            if (_slotsFreed == 0)
            {
                Array.Copy(_slots, slots, _slotsUsed);
            }
            else
            {
                var at = 0;
                foreach (var person in _fingersOf.Keys.ToArray())
                {
                    var (start, fingers) = _fingersOf[person];
                    Array.Copy(_slots, start, slots, at, fingers);
                    _fingersOf[person] = (at, fingers);
                    at += fingers;
                }

                (_slotsUsed, _slotsFreed) = (at, 0);
            }

            _slots = slots;
        }

        var first = _slotsUsed;
        _slotsUsed += count;
        return first;
    }

    // A record: the minutia count, then RecordBytes per minutia (x and y in 15 bits each, the type in 2, the angle in 8,
    // little-endian; the gallery does not keep minutia quality, which the matcher does not read). Then a byte that says
    // whether the neighbour lists that follow are written, and the lists: each minutia's Parameters.Neighbours nearest
    // neighbours in the local structure (LocalStructure.StoreNeighbours), ListBits(n) bits a neighbour (6 for most
    // prints), eight neighbours to ListBits(n) bytes. They spare the exact stage finding each minutia's neighbours again
    // for every search. The lists are written at the finger's first comparison, from the structure that comparison
    // built anyway: computing them when a person is added doubled the CPU of a shard rebuild (32 -> 75 core-s per
    // million persons). Threads that fill the same record
    // at once write the same bytes and then set the byte before them; a reader that finds it unset ranks the
    // neighbours itself: scores are the same. Then the template's packed orientation grid (OrientationGrid.Pack), four
    // zero bytes when it has none. Last its ridge counts as the template stores them: their number (u16, zero when it
    // has none), two counts a byte. The grid's four bytes at least follow the lists, so the 8-byte reads that decode a
    // record (minutiae and lists) never leave it.
    private long Store(ReadOnlySpan<Minutia> minutiae, byte[]? orientation, byte[]? ridgeCounts)
    {
        ReadOnlySpan<byte> grid = orientation ?? [0, 0, 0, 0];
        ReadOnlySpan<byte> counts = ridgeCounts ?? [];
        var n = minutiae.Length;
        var size = 2 + (n * RecordBytes) + ListBytes(n) + grid.Length + 2 + ((counts.Length + 1) / 2);
        if (_chunkUsed + size > ChunkBytes)
        {
            _chunks.Add(new byte[ChunkBytes]);
            _chunkUsed = 0;
        }

        var chunk = _chunks[^1];
        var at = _chunkUsed;
        chunk.AsSpan(at, size).Clear();
        chunk[at] = (byte)n;
        Span<byte> packed = stackalloc byte[8];
        for (var i = 0; i < n; i++)
        {
            var m = minutiae[i];
            var bits = (uint)(m.X & 0x7FFF) | ((ulong)(uint)(m.Y & 0x7FFF) << 15) | ((ulong)m.Type << 30) | ((ulong)m.Angle << 32);
            BinaryPrimitives.WriteUInt64LittleEndian(packed, bits);
            packed[..RecordBytes].CopyTo(chunk.AsSpan(at + 1 + (i * RecordBytes)));
        }

        // The lists' byte stays 0 (not written) and the lists empty until the first comparison.
        var tail = GridAt(chunk, at) + grid.Length;
        grid.CopyTo(chunk.AsSpan(tail - grid.Length));
        chunk[tail] = (byte)(counts.Length >> 8);
        chunk[tail + 1] = (byte)counts.Length;
        for (var k = 0; k < counts.Length; k++)
        {
            chunk[tail + 2 + (k >> 1)] |= (byte)((counts[k] & 15) << ((~k & 1) << 2));
        }

        _chunkUsed += size;
        return ((long)(_chunks.Count - 1) << 32) | (uint)at;
    }

    // Bits of each of n minutiae's stored neighbour indexes: enough for every index below n and for the end of a short
    // list (all ones), and at least 5, so that the 8-byte read of a last group of four indexes ends inside the record
    // (the grid's 4 bytes and the counts' 2 follow the lists). At most 8, so that eight indexes fit the read.
    private static int ListBits(int n) => Math.Max(5, 32 - BitOperations.LeadingZeroCount((uint)n));

    // Bytes of n minutiae's packed neighbour lists: n * Neighbours indexes of ListBits(n) each, whole bytes.
    private static int ListBytes(int n) => ((n * Parameters.Neighbours * ListBits(n)) + 7) / 8;

    // Where a record's byte that says its neighbour lists are written sits: after the count and the minutiae; the lists
    // follow it.
    private static int WrittenAt(byte[] chunk, int at) => at + 1 + (chunk[at] * RecordBytes);

    // Where a record's orientation grid starts: after the lists' byte and the lists.
    private static int GridAt(byte[] chunk, int at) => WrittenAt(chunk, at) + 1 + ListBytes(chunk[at]);

    // Unpacks the record's neighbour lists into the start of `buffer` (Parameters.Neighbours bytes a minutia, byte.MaxValue
    // after the last neighbour of a short list, as LocalStructure.Rebuild reads them). False when they are not written
    // yet: then every list starts with its own minutia's index, which Rebuild takes for "not known".
    private bool Neighbours(long record, byte[] buffer, out Span<byte> lists)
    {
        const int K = Parameters.Neighbours;
        var chunk = _chunks[(int)(record >> 32)];
        var at = (int)(record & 0xFFFFFFFF);
        int n = chunk[at], written = WrittenAt(chunk, at);
        lists = buffer.AsSpan(0, n * K);
        if (Volatile.Read(ref chunk[written]) == 0)
        {
            lists.Clear();
            for (var i = 0; i < n; i++)
            {
                lists[i * K] = (byte)i;
            }

            return false;
        }

        // Eight indexes in every `bits` bytes.
        var bits = ListBits(n);
        var none = (1 << bits) - 1;
        for (var k = 0; k < lists.Length; k += 8)
        {
            var group = BinaryPrimitives.ReadUInt64LittleEndian(chunk.AsSpan(written + 1 + (k / 8 * bits)));
            var end = Math.Min(8, lists.Length - k);
            for (var j = 0; j < end; j++)
            {
                var index = (int)(group >> (j * bits)) & none;
                lists[k + j] = index == none ? byte.MaxValue : (byte)index;
            }
        }

        return true;
    }

    // Packs lists that LocalStructure.StoreNeighbours wrote into the record, then marks them written.
    private void StoreNeighbours(long record, ReadOnlySpan<byte> lists)
    {
        var chunk = _chunks[(int)(record >> 32)];
        var at = (int)(record & 0xFFFFFFFF);
        int n = chunk[at], written = WrittenAt(chunk, at);
        var bits = ListBits(n);
        Span<byte> packed = stackalloc byte[ListBytes(n) + 8];
        packed.Clear();
        for (var k = 0; k < lists.Length; k += 8)
        {
            ulong group = 0;
            var end = Math.Min(8, lists.Length - k);
            for (var j = 0; j < end; j++)
            {
                var index = lists[k + j] == byte.MaxValue ? (1 << bits) - 1 : lists[k + j];
                group |= (ulong)index << (j * bits);
            }

            var bytes = packed[(k / 8 * bits)..];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, group | BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        }

        packed[..ListBytes(n)].CopyTo(chunk.AsSpan(written + 1));
        Volatile.Write(ref chunk[written], 1);
    }

    // The record's packed orientation grid (OrientationGrid.Pack; four zero bytes when the template has none).
    private ReadOnlyMemory<byte> Orientation(long record)
    {
        var chunk = _chunks[(int)(record >> 32)];
        var grid = GridAt(chunk, (int)(record & 0xFFFFFFFF));
        return chunk.AsMemory(grid, 4 + (((chunk[grid + 2] * chunk[grid + 3]) + 1) / 2));
    }

    // The record's ridge counts, which follow its grid, unpacked into the start of `buffer` (empty when it has none).
    private ReadOnlySpan<byte> RidgeCounts(long record, ReadOnlyMemory<byte> orientation, byte[] buffer)
    {
        var chunk = _chunks[(int)(record >> 32)];
        var tail = GridAt(chunk, (int)(record & 0xFFFFFFFF)) + orientation.Length;
        var count = Math.Min((chunk[tail] << 8) | chunk[tail + 1], buffer.Length);
        for (var k = 0; k < count; k++)
        {
            buffer[k] = (byte)((chunk[tail + 2 + (k >> 1)] >> ((~k & 1) << 2)) & 15);
        }

        return buffer.AsSpan(0, count);
    }

    // Decodes a stored record into the start of `buffer` (long enough for any record). Each minutia is read as 8 bytes
    // from its first: the lists' byte and the lists or the grid follow the last one.
    private ReadOnlySpan<Minutia> Load(long record, Minutia[] buffer)
    {
        var chunk = _chunks[(int)(record >> 32)];
        var at = (int)(record & 0xFFFFFFFF);
        var minutiae = buffer.AsSpan(0, chunk[at]);
        for (var i = 0; i < minutiae.Length; i++)
        {
            var bits = BinaryPrimitives.ReadUInt64LittleEndian(chunk.AsSpan(at + 1 + (i * RecordBytes)));
            minutiae[i] = new Minutia(
                (short)(bits & 0x7FFF), (short)((bits >> 15) & 0x7FFF), (byte)(bits >> 32), (MinutiaType)((bits >> 30) & 3), 0);
        }

        return minutiae;
    }

    /// <summary>All fingers of one position, as parallel arrays indexed by a slot number.</summary>
    private sealed class Shelf
    {
        private ulong[] _signatures = new ulong[256 * Words];
        private float[] _norms = new float[256];
        private float[] _counts = new float[256];

        public long[] Owners { get; private set; } = new long[256];

        public long[] Records { get; private set; } = new long[256];

        public int Count { get; private set; }

        public long MemoryBytes => (_signatures.LongLength * 8) + (_norms.LongLength * 8) + (Owners.LongLength * 16);

        public int Add(long owner, ulong[] bits, long record)
        {
            var index = Count++;
            if (Count > _norms.Length)
            {
                // Doubling while small; past a million fingers a quarter more each time, so that a large shelf holds
                // at most a quarter of empty rows (doubling left 4.2 M persons in 8.4 M rows: 2,487 bytes a person).
                var capacity = _norms.Length < (1 << 20) ? _norms.Length * 2 : _norms.Length + (_norms.Length / 4);
                Array.Resize(ref _signatures, capacity * Words);
                Array.Resize(ref _norms, capacity);
                Array.Resize(ref _counts, capacity);
                var owners = Owners;
                Array.Resize(ref owners, capacity);
                Owners = owners;
                var records = Records;
                Array.Resize(ref records, capacity);
                Records = records;
            }

            bits.CopyTo(_signatures.AsSpan(index * Words, Words));
            var count = Signature.Count(bits);
            _norms[index] = count == 0 ? 0 : 1f / MathF.Sqrt(count);
            _counts[index] = count;
            Owners[index] = owner;
            Records[index] = record;
            return index;
        }

        public ReadOnlySpan<ulong> SignatureAt(int index) => _signatures.AsSpan(index * Words, Words);

        // A zero norm marks a free slot; the pre-filter skips it.
        public void Free(int index) => _norms[index] = 0;

        public List<(float Score, int Index)> Prefilter(ulong[] probe, int keep)
        {
            var count = Count;
            var parts = Math.Max(1, Math.Min(Environment.ProcessorCount, count / 4096));
            var partial = new List<(float Score, int Index)>[parts];
            var density = Signature.Count(probe) / (float)(Words * 64);
            Parallel.For(0, parts, part =>
            {
                var from = (int)((long)count * part / parts);
                var to = (int)((long)count * (part + 1) / parts);
                partial[part] = SignatureScan.Top(probe, density, _signatures, _counts, _norms, from, to, keep,
                    SignatureScan.Best);
            });

            return [.. partial.SelectMany(p => p).OrderByDescending(p => p.Score).Take(keep)];
        }
    }
}
