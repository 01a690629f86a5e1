using Ektp.Biometrics.Engine.Extraction;
using Ektp.Biometrics.Engine.Matching;
using Ektp.Biometrics.Engine.Templates;

namespace Ektp.Biometrics;

/// <summary>
/// The minutiae of one finger, a coarse map of its ridge orientation and the ridge counts between neighbouring
/// minutiae, ready for matching. Immutable and thread-safe. Store it with <see cref="ToBytes"/> (compact, versioned,
/// about 480 bytes, at most about 900) or exchange its minutiae as ISO/IEC 19794-2:2005.
/// </summary>
public sealed class FingerprintTemplate
{
    private readonly Minutia[] _minutiae;
    private LocalStructure? _structure;

    internal FingerprintTemplate(Minutia[] minutiae, int width, int height, int quality, LocalStructure? structure = null)
    {
        _minutiae = minutiae;
        _structure = structure;
        Width = width;
        Height = height;
        Quality = quality;
    }

    /// <summary>Width of the source image in pixels at 500 dpi.</summary>
    public int Width { get; }

    /// <summary>Height of the source image in pixels at 500 dpi.</summary>
    public int Height { get; }

    /// <summary>
    /// Image quality 0–100 (see <see cref="FingerprintQuality"/> for the meaning and the enrollment gate).
    /// </summary>
    public int Quality { get; }

    /// <summary>The minutiae, at most 80, positions in pixels at 500 dpi.</summary>
    public IReadOnlyList<Minutia> Minutiae => _minutiae;

    internal ReadOnlySpan<Minutia> MinutiaSpan => _minutiae;

    // Built at first use: a gallery that loads millions of stored templates only needs their minutiae.
    internal LocalStructure Structure => Volatile.Read(ref _structure) ?? BuildStructure();

    private LocalStructure BuildStructure()
    {
        var built = new LocalStructure(_minutiae) { Orientation = Orientation };
        built.SetRidgeCounts(RidgeCounts);
        return Interlocked.CompareExchange(ref _structure, built, null) ?? built;
    }

    /// <summary>Extracts the minutiae and quality of a decoded image.</summary>
    public static FingerprintTemplate Extract(FingerprintImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var dpi = Parameters.ExtractionDpi;

        // Padding of one constant grey around the print is left out; positions are given in the whole image.
        var (inner, left, top) = image.WithoutFrame();
        var (pixels, width, height) = inner.At(dpi);
        var result = Extractor.Extract(pixels, width, height);
        var minutiae = result.Minutiae;
        var found = (Minutia[])minutiae.Clone();
        var scale = (double)Parameters.InternalDpi / dpi;
        var offsetX = left * (double)Parameters.InternalDpi / image.OriginalDpi;
        var offsetY = top * (double)Parameters.InternalDpi / image.OriginalDpi;
        for (var i = 0; i < minutiae.Length; i++)
        {
            var m = minutiae[i];
            minutiae[i] = m with
            {
                X = (short)Math.Round(((m.X + 0.5) * scale) - 0.5 + offsetX),
                Y = (short)Math.Round(((m.Y + 0.5) * scale) - 0.5 + offsetY),
            };
        }

        // Ridge counts along the edges the matcher will build from these minutiae, counted on the extraction's own
        // binarised image at the positions the extractor found (before rounding to 500 dpi).
        var orientation = OrientationGrid.Pack(result.Field, dpi, offsetX, offsetY);
        var structure = new LocalStructure(minutiae) { Orientation = orientation };
        var edgeCount = structure.EdgeStart[minutiae.Length];
        var counted = new int[edgeCount];
        var counts = new byte[structure.CountedEdges(counted)];
        var owner = new int[edgeCount];
        for (var a = 0; a < minutiae.Length; a++)
        {
            owner.AsSpan(structure.EdgeStart[a]..structure.EdgeStart[a + 1]).Fill(a);
        }

        for (var k = 0; k < counts.Length; k++)
        {
            int a = owner[counted[k]], b = structure.Edges[counted[k]].To;
            var (p, q) = a < b ? (found[a], found[b]) : (found[b], found[a]);
            counts[k] = RidgeCounter.Count(result.Ridges, result.Field, width, height, p.X, p.Y, q.X, q.Y);
        }

        structure.SetRidgeCounts(counts);
        return new FingerprintTemplate(minutiae, image.Width, image.Height, result.Quality, structure)
        {
            Orientation = orientation,
            RidgeCounts = counts.Length > 0 ? counts : null,
        };
    }

    /// <summary>
    /// Ridges crossed between the two minutiae of each of the matcher's neighbour edges
    /// (<see cref="LocalStructure.CountedEdges"/> order, 0–14, 15 when not counted), when the template was extracted
    /// by this engine: the matcher checks that paired minutiae of two prints have the same ridges between them.
    /// </summary>
    internal byte[]? RidgeCounts { get; init; }

    /// <summary>
    /// The print's coarse ridge orientation (<see cref="OrientationGrid.Pack"/>), when the template was extracted by
    /// this engine (not from ISO minutiae): the matcher checks that aligned prints' ridges flow alike.
    /// </summary>
    internal byte[]? Orientation { get; init; }

    /// <summary>Builds a template from minutiae found elsewhere (positions at 500 dpi).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A minutia has a negative coordinate.</exception>
    public static FingerprintTemplate FromMinutiae(IEnumerable<Minutia> minutiae, int width, int height, int quality)
    {
        ArgumentNullException.ThrowIfNull(minutiae);
        var list = minutiae.Take(Parameters.MaxMinutiae).ToArray();
        if (list.Any(m => m.X < 0 || m.Y < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(minutiae), "Minutia coordinates are image pixels: 0 or more.");
        }

        return new FingerprintTemplate(list, width, height, Math.Clamp(quality, 0, 100));
    }

    /// <summary>
    /// Serialises to the engine's compact versioned format: 6 bytes per minutia, the orientation grid (4 bits a cell),
    /// the ridge counts (4 bits each, with a 2-byte count), and 12 bytes of header and checksum.
    /// </summary>
    public byte[] ToBytes() => TemplateSerializer.Write(this);

    /// <summary>Reads bytes written by <see cref="ToBytes"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a template of a version this engine reads.</exception>
    public static FingerprintTemplate FromBytes(ReadOnlySpan<byte> bytes) => TemplateSerializer.Read(bytes);

    /// <summary>
    /// Exports an ISO/IEC 19794-2:2005 finger minutiae record (one finger view, 500 dpi). The record holds the
    /// minutiae only: a template read back from it is matched without the ridge-flow check.
    /// </summary>
    public byte[] ToIso19794() => IsoSerializer.Write(this);

    /// <summary>Imports the first finger view of an ISO/IEC 19794-2:2005 record, rescaled to 500 dpi.</summary>
    /// <exception cref="FormatException">The bytes are not a valid ISO/IEC 19794-2:2005 record.</exception>
    public static FingerprintTemplate FromIso19794(ReadOnlySpan<byte> record) => IsoSerializer.Read(record);
}
