using Ektp.Biometrics;

namespace Ektp.Regional.Tests.Infrastructure;

/// <summary>
/// Real fingerprint images (FVC2002) for enrollments that pass the quality gate: the sample committed under
/// `data/fingerprints/sample/`, else the development set in `../shared/data` beside the repository.
/// </summary>
internal static class TestFingerprints
{
    private static readonly Lazy<List<byte[]>> Good = new(Load);

    /// <summary>The i-th (1-based, wrapping) sample image that the enrollment quality gate accepts.</summary>
    public static byte[] Image(int i) => Good.Value[(i - 1) % Good.Value.Count];

    private static List<byte[]> Load()
    {
        var folder = Find("data/fingerprints/sample") ?? Find("../shared/data/fingerprints/fvc2002/DB1_B")
            ?? throw new InvalidOperationException(
                "No fingerprint images found: expected data/fingerprints/sample/ in the repository.");
        var images = Directory.GetFiles(folder, "*.png", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllBytes)
            .Where(bytes => FingerprintQuality.RejectionReason(FingerprintTemplate.Extract(FingerprintImage.Decode(bytes))) is null)
            .Take(10)
            .ToList();
        return images.Count > 0 ? images : throw new InvalidOperationException($"No usable fingerprint in {folder}");
    }

    private static string? Find(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.GetFullPath(Path.Combine(dir.FullName, relative));
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "Ektp.slnx")))
            {
                return candidate;
            }
        }

        return null;
    }
}
