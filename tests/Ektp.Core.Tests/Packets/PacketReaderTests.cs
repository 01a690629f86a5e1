using System.IO.Compression;
using System.Text;
using Ektp.Core.Packets;

namespace Ektp.Core.Tests.Packets;

public sealed class PacketReaderTests
{
    private static BuiltPacket Sample() => PacketBuilder.Build(
        new PacketHeader(Guid.CreateVersion7(), Guid.CreateVersion7(), "1472", "Disdukcapil Kota Dumai", "op", "pc-1",
            new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero), "office", "1472010412910001"),
        [
            new PacketPart("demographics.json", "application/json", Encoding.UTF8.GetBytes("{\"name\":\"BUDI\"}")),
            new PacketPart("photo.jpg", "image/jpeg", [1, 2, 3, 4, 5]),
        ]);

    [Fact]
    public void A_built_packet_reads_back_with_every_part()
    {
        var built = Sample();

        var read = PacketReader.Read(built.Content);

        Assert.Equal(built.Manifest.Header, read.Manifest.Header);
        Assert.Equal([1, 2, 3, 4, 5], read.Parts["photo.jpg"]);
        Assert.Equal(2, read.Parts.Count);
    }

    [Fact]
    public void The_same_content_always_gives_the_same_bytes()
    {
        var header = Sample().Manifest.Header;
        PacketPart[] parts = [new("a.json", "application/json", [1])];

        Assert.Equal(PacketBuilder.Build(header, parts).Sha256, PacketBuilder.Build(header, parts).Sha256);
    }

    [Fact]
    public void A_part_that_differs_from_the_manifest_is_refused()
    {
        var tampered = Rewrite(Sample().Content, "photo.jpg", [9, 9, 9, 9, 9]);

        Assert.Equal("packet-manifest-invalid", Assert.Throws<EnvelopeException>(() => PacketReader.Read(tampered)).Code);
    }

    [Fact]
    public void An_entry_the_manifest_does_not_list_is_refused()
    {
        var extra = Rewrite(Sample().Content, "smuggled.bin", [0]);

        Assert.Equal("packet-manifest-invalid", Assert.Throws<EnvelopeException>(() => PacketReader.Read(extra)).Code);
    }

    [Fact]
    public void Bytes_that_are_not_a_zip_are_malformed()
    {
        Assert.Equal("packet-malformed",
            Assert.Throws<EnvelopeException>(() => PacketReader.Read(Encoding.UTF8.GetBytes("not a zip at all"))).Code);
    }

    private static byte[] Rewrite(byte[] packet, string name, byte[] content)
    {
        var buffer = new MemoryStream();
        buffer.Write(packet);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry(name)?.Delete();
            using var stream = zip.CreateEntry(name).Open();
            stream.Write(content);
        }

        return buffer.ToArray();
    }
}
