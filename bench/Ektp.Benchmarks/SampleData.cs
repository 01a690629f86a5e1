namespace Ektp.Benchmarks;

/// <summary>Finds data/fingerprints/sample by walking up from the benchmark binaries.</summary>
public static class SampleData
{
    public static string Folder(string db)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data", "fingerprints", "sample", db);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("data/fingerprints/sample not found above " + AppContext.BaseDirectory);
    }
}
