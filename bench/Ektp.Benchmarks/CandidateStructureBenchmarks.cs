using BenchmarkDotNet.Attributes;
using Ektp.Biometrics;
using Ektp.Biometrics.Engine.Matching;

namespace Ektp.Benchmarks;

/// <summary>
/// What the gallery's exact stage does for every candidate finger before matching it: rebuild one reused
/// <see cref="LocalStructure"/> from the stored minutiae, either finding each minutia's nearest neighbours (a finger's
/// first comparison, <see cref="Ranked"/>) or from the neighbour lists the gallery stored then (<see cref="Listed"/>),
/// and then spreading the template's ridge counts onto both edges of each pair (<see cref="ListedWithRidgeCounts"/>).
/// On a real FVC2002 DB1_B template of 102_1 (single-threaded).
/// </summary>
public class CandidateStructureBenchmarks
{
    private Minutia[] _minutiae = [];
    private byte[] _lists = [];
    private byte[] _counts = [];
    private readonly LocalStructure _structure = LocalStructure.Reusable();

    [GlobalSetup]
    public void Setup()
    {
        var folder = SampleData.Folder("DB1_B");
        var template = FingerprintTemplate.Extract(FingerprintImage.Decode(File.ReadAllBytes(Path.Combine(folder, "102_1.png"))));
        _minutiae = [.. template.Minutiae];
        _counts = template.RidgeCounts ?? [];
        _lists = new byte[_minutiae.Length * Parameters.Neighbours];
        _structure.Rebuild(_minutiae, []);
        _structure.StoreNeighbours(_lists);
    }

    [Benchmark(Baseline = true)]
    public int Ranked()
    {
        _structure.Rebuild(_minutiae, []);
        return _structure.Count;
    }

    [Benchmark]
    public int Listed()
    {
        _structure.Rebuild(_minutiae, _lists);
        return _structure.Count;
    }

    [Benchmark]
    public bool ListedWithRidgeCounts()
    {
        _structure.Rebuild(_minutiae, _lists);
        return _structure.SetRidgeCounts(_counts);
    }
}
