using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Ektp.Biometrics;
using Ektp.Hosting.Crypto;

namespace Ektp.Benchmarks;

/// <summary>
/// What encryption at rest (AES-256-GCM per stored value) costs next to the work around it: opening one person's
/// two sealed templates against reading the templates themselves (the gallery load at start-up does both for every
/// person), and sealing and opening a stored packet of the average envelope size of `ektp central bench` (123 KB).
/// </summary>
[MemoryDiagnoser]
public class AtRestBenchmarks
{
    private static readonly CellAddress Person = new("persons", "templates", Guid.CreateVersion7().ToString("D"));
    private static readonly CellAddress Packet = new("packets", "content", Guid.CreateVersion7().ToString("D"));
    private readonly DataCipher _cipher = DataCipher.ForTesting();
    private byte[] _thumb = [];
    private byte[] _index = [];
    private byte[] _sealedTemplates = [];
    private byte[] _packet = [];
    private byte[] _sealedPacket = [];

    [GlobalSetup]
    public void Setup()
    {
        var folder = SampleData.Folder("DB1_B");
        _thumb = FingerprintTemplate.Extract(FingerprintImage.Decode(File.ReadAllBytes(Path.Combine(folder, "101_1.png")))).ToBytes();
        _index = FingerprintTemplate.Extract(FingerprintImage.Decode(File.ReadAllBytes(Path.Combine(folder, "102_1.png")))).ToBytes();
        _sealedTemplates = _cipher.Seal(Person, [.. _thumb, .. _index]);
        _packet = RandomNumberGenerator.GetBytes(123 * 1024);
        _sealedPacket = _cipher.Seal(Packet, _packet);
    }

    [Benchmark(Description = "2 templates: FromBytes (plaintext)")]
    public int TemplatesFromBytes() =>
        FingerprintTemplate.FromBytes(_thumb).Minutiae.Count + FingerprintTemplate.FromBytes(_index).Minutiae.Count;

    [Benchmark(Description = "2 templates: open (AES-GCM)")]
    public int OpenTemplates() => _cipher.Open(Person, _sealedTemplates).Length;

    [Benchmark(Description = "123 KB packet: seal")]
    public int SealPacket() => _cipher.Seal(Packet, _packet).Length;

    [Benchmark(Description = "123 KB packet: open")]
    public int OpenPacket() => _cipher.Open(Packet, _sealedPacket).Length;
}
