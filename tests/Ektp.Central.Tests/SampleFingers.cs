using System.Collections.Concurrent;
using Ektp.Biometrics;

namespace Ektp.Central.Tests;

/// <summary>Templates of the FVC2002 sample images committed under data/fingerprints/sample, by relative path.</summary>
internal static class SampleFingers
{
    /// <summary>Three fingers of one person, and three fingers of someone else (another FVC database).</summary>
    public static readonly string[] PersonA = ["DB1_B/101_1.png", "DB1_B/102_1.png", "DB1_B/103_1.png"];
    public static readonly string[] PersonB = ["DB3_B/101_1.png", "DB3_B/102_1.png", "DB3_B/103_1.png"];

    /// <summary>Person A again, from other impressions of the same fingers.</summary>
    public static readonly string[] PersonAAgain = ["DB1_B/101_2.png", "DB1_B/102_2.png", "DB1_B/103_2.png"];

    private static readonly ConcurrentDictionary<string, FingerprintTemplate> Cache = new(StringComparer.Ordinal);

    public static FingerprintTemplate Template(string relative) => Cache.GetOrAdd(relative, r =>
        FingerprintTemplate.Extract(FingerprintImage.Decode(File.ReadAllBytes(Path.Combine(Folder(), r)))));

    private static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ektp.slnx")))
            {
                return Path.Combine(dir.FullName, "data", "fingerprints", "sample");
            }
        }

        throw new InvalidOperationException("The repository root (Ektp.slnx) was not found above the test binaries.");
    }
}
