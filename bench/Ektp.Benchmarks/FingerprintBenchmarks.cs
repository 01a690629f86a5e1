using BenchmarkDotNet.Attributes;
using Ektp.Biometrics;
using Ektp.Biometrics.Engine.Search;

namespace Ektp.Benchmarks;

/// <summary>Micro-benchmarks of the fingerprint engine on the committed FVC2002 sample.</summary>
[MemoryDiagnoser]
public class FingerprintBenchmarks : IDisposable
{
    private byte[] _png = [];
    private FingerprintImage _image = null!;
    private FingerprintTemplate _probe = null!;
    private FingerprintTemplate _genuine = null!;
    private FingerprintTemplate _impostor = null!;
    private FingerprintMatcher _matcher = null!;
    private FingerprintGallery _gallery = null!;
    private Dictionary<FingerPosition, FingerprintTemplate> _search = null!;

    [GlobalSetup]
    public void Setup()
    {
        var folder = SampleData.Folder("DB1_B");
        _png = File.ReadAllBytes(Path.Combine(folder, "101_1.png"));
        _image = FingerprintImage.Decode(_png);
        _probe = FingerprintTemplate.Extract(_image);
        _genuine = FingerprintTemplate.Extract(FingerprintImage.Decode(File.ReadAllBytes(Path.Combine(folder, "101_2.png"))));
        _impostor = FingerprintTemplate.Extract(FingerprintImage.Decode(File.ReadAllBytes(Path.Combine(folder, "102_1.png"))));
        _matcher = new FingerprintMatcher(_probe);
        _gallery = new FingerprintGallery();
        for (var person = 0; person < 10_000; person++)
        {
            var generator = new SyntheticFingers(person);
            _gallery.Add(person, new Dictionary<FingerPosition, FingerprintTemplate>
            {
                [FingerPosition.RightIndex] = SyntheticFingers.Template(generator.Impression(generator.Finger())),
            });
        }

        var mate = new SyntheticFingers(42);
        var finger = mate.Finger();
        _search = new() { [FingerPosition.RightIndex] = SyntheticFingers.Template(new SyntheticFingers(7).Impression(finger)) };
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _gallery?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public FingerprintImage DecodePng() => FingerprintImage.Decode(_png);

    [Benchmark]
    public FingerprintTemplate Extract() => FingerprintTemplate.Extract(_image);

    [Benchmark]
    public double MatchGenuine() => _matcher.Match(_genuine);

    [Benchmark]
    public double MatchImpostor() => _matcher.Match(_impostor);

    [Benchmark]
    public FingerprintMatcher PrepareProbe() => new(_probe);

    [Benchmark]
    public byte[] Serialize() => _probe.ToBytes();

    [Benchmark]
    public IReadOnlyList<GalleryCandidate> Search10kSynthetic() => _gallery.Search(_search, 10);
}
