namespace Ektp.Biometrics.Tests;

/// <summary>Finds the committed sample and the shared development data by walking up from the test binaries.</summary>
internal static class TestData
{
    public static readonly string? SampleRoot = FindUp(Path.Combine("data", "fingerprints", "sample"));

    public static readonly string? SharedRoot = FindUp(Path.Combine("shared", "data", "fingerprints", "fvc2002"));

    public static string Sample(params string[] parts) =>
        Path.Combine([SampleRoot ?? throw new InvalidOperationException("data/fingerprints/sample not found"), .. parts]);

    public static string Shared(params string[] parts) =>
        Path.Combine([SharedRoot ?? throw new InvalidOperationException("shared/data not found"), .. parts]);

    public static byte[] SampleBytes(string db, string name) => File.ReadAllBytes(Sample(db, name));

    public static FingerprintTemplate SampleTemplate(string db, string name) =>
        FingerprintTemplate.Extract(FingerprintImage.Decode(SampleBytes(db, name)));

    private static string? FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A fact that needs ../shared/data (the FVC2002 development set); skipped with a reason when absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (TestData.SharedRoot is null)
        {
            Skip = "shared/data/fingerprints/fvc2002 not found above the test folder; this test needs the "
                + "FVC2002 development set";
        }
    }
}
