using System.Globalization;
using Ektp.Biometrics;

namespace Ektp.EndToEnd;

/// <summary>
/// One real finger of the development images (FVC2002): its key (<c>DB1_B/101</c>: folder and finger id, so
/// fingers of different folders never meet as mates), the scanner resolution and its impressions in order.
/// </summary>
internal sealed record DevelopmentFinger(string Key, int Dpi, IReadOnlyList<string> Impressions)
{
    /// <summary>The impressions that pass the enrollment quality gate, in order (extracted here, as the regional
    /// server does, so no enrollment is refused for quality).</summary>
    public IEnumerable<(string Path, FingerprintTemplate Template)> UsableImpressions() => Impressions
        .Select(path => (Path: path,
            Template: FingerprintTemplate.Extract(FingerprintImage.Decode(File.ReadAllBytes(path), Dpi))))
        .Where(i => FingerprintQuality.RejectionReason(i.Template) is null);

    public static string ImpressionName(string path) => Path.GetFileNameWithoutExtension(path);
}

/// <summary>
/// The development fingerprint images: FVC2002 DB1_B–DB3_B of <c>../shared/data/fingerprints/fvc2002</c> beside the
/// repository when present, otherwise the committed sample (<c>data/fingerprints/sample</c>: three fingers of DB1_B
/// and DB3_B), which is a subset of the former — so the two are never pooled (the same finger would be two people).
/// </summary>
internal static class DevelopmentFingers
{
    public const string SharedSet = "../shared/data/fingerprints/fvc2002";
    public const string SampleSet = "data/fingerprints/sample";

    /// <summary>FVC2002 resolutions by folder (DB2_B was scanned at 569 dpi).</summary>
    private static readonly Dictionary<string, int> Folders = new(StringComparer.Ordinal)
    {
        ["DB1_B"] = 500,
        ["DB2_B"] = 569,
        ["DB3_B"] = 500,
    };

    /// <summary>The set found, or null when neither exists.</summary>
    public static (string Source, IReadOnlyList<DevelopmentFinger> Fingers)? Load()
    {
        foreach (var relative in new[] { SharedSet, SampleSet })
        {
            if (Find(relative) is not { } root)
            {
                continue;
            }

            var fingers = new List<DevelopmentFinger>();
            foreach (var (folder, dpi) in Folders.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                var dir = Path.Combine(root, folder);
                if (!Directory.Exists(dir))
                {
                    continue;
                }

                fingers.AddRange(Directory.GetFiles(dir, "*_*.png")
                    .Select(path => (Path: path, Parts: Path.GetFileNameWithoutExtension(path).Split('_')))
                    .Where(f => f.Parts.Length == 2 && int.TryParse(f.Parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    .GroupBy(f => f.Parts[0], StringComparer.Ordinal)
                    .OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new DevelopmentFinger($"{folder}/{g.Key}", dpi,
                        [.. g.OrderBy(f => int.Parse(f.Parts[1], CultureInfo.InvariantCulture)).Select(f => f.Path)])));
            }

            if (fingers.Count > 0)
            {
                return (root, fingers);
            }
        }

        return null;
    }

    private static string? Find(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ektp.slnx")))
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, relative));
                return Directory.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }
}

/// <summary>A test that needs the development fingerprint images; skipped, saying so, when neither set exists.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class DevelopmentImagesFactAttribute : FactAttribute
{
    public DevelopmentImagesFactAttribute()
    {
        if (DevelopmentFingers.Load() is null)
        {
            Skip = $"No development fingerprint images: neither {DevelopmentFingers.SharedSet} (beside the repository) " +
                   $"nor {DevelopmentFingers.SampleSet} exists.";
        }
    }
}
