using System.Globalization;

namespace Ektp.Cli.Demo;

/// <summary>
/// One real finger of the development images: <c>DB1_B/101</c> (folder and FVC finger id: ids restart in every
/// folder, so the folder is part of the identity), its scanner resolution and its impressions in order.
/// </summary>
internal sealed record DemoFinger(string Key, int Dpi, IReadOnlyList<string> Impressions)
{
    public static string ImpressionName(string path) => Path.GetFileNameWithoutExtension(path);
}

/// <summary>
/// Finds the development fingerprint images the demo records people with: FVC2002 DB1_B–DB3_B in
/// <c>../shared/data/fingerprints/fvc2002</c> beside the repository when it exists, otherwise the committed sample
/// <c>data/fingerprints/sample</c> (fingers 101–103 of DB1_B and DB3_B). The sample is a subset of the full set, so
/// the two are never pooled: the same finger would become two people.
/// </summary>
internal static class DemoFingers
{
    public const string SharedSet = "../shared/data/fingerprints/fvc2002";
    public const string SampleSet = "data/fingerprints/sample";

    /// <summary>The FVC2002 folders used and their resolution (DB2_B was scanned at 569 dpi); DB4_B is synthetic
    /// and left out.</summary>
    private static readonly (string Folder, int Dpi)[] Folders = [("DB1_B", 500), ("DB2_B", 569), ("DB3_B", 500)];

    public static (string Source, IReadOnlyList<DemoFinger> Fingers)? Load()
    {
        foreach (var relative in new[] { SharedSet, SampleSet })
        {
            if (Find(relative) is not { } root)
            {
                continue;
            }

            var fingers = new List<DemoFinger>();
            foreach (var (folder, dpi) in Folders)
            {
                var dir = Path.Combine(root, folder);
                if (Directory.Exists(dir))
                {
                    fingers.AddRange(Read(dir, folder, dpi));
                }
            }

            if (fingers.Count > 0)
            {
                return (root, fingers);
            }
        }

        return null;
    }

    private static IEnumerable<DemoFinger> Read(string dir, string folder, int dpi) =>
        Directory.GetFiles(dir, "*_*.png")
            .Select(path => (Path: path, Parts: Path.GetFileNameWithoutExtension(path).Split('_')))
            .Where(f => f.Parts.Length == 2 &&
                        int.TryParse(f.Parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .GroupBy(f => f.Parts[0], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DemoFinger($"{folder}/{g.Key}", dpi,
                [.. g.OrderBy(f => int.Parse(f.Parts[1], CultureInfo.InvariantCulture)).Select(f => f.Path)]));

    /// <summary>The folder <paramref name="relative"/> to the repository root found above the current folder or
    /// above the program.</summary>
    private static string? Find(string relative)
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Ektp.slnx")))
                {
                    var candidate = Path.GetFullPath(Path.Combine(dir.FullName, relative));
                    if (Directory.Exists(candidate))
                    {
                        return candidate;
                    }

                    break;
                }
            }
        }

        return null;
    }
}
