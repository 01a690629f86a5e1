using Ektp.Biometrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ektp.Central.Pipeline;

/// <summary>
/// A person in the national gallery: the packet they were enrolled from and their templates, from which the
/// in-memory <see cref="FingerprintGallery"/> is rebuilt at start-up. The database never queries the templates.
/// </summary>
internal sealed class EnrolledPerson
{
    public long Id { get; set; }
    public Guid PacketId { get; set; }
    public required string Nik { get; set; }
    public required string RegionCode { get; set; }
    public DateTime EnrolledAt { get; set; }

    /// <summary>See <see cref="PackTemplates"/>.</summary>
    public required byte[] Templates { get; set; }

    /// <summary>Per finger: position (1 byte), length (4 bytes, little-endian), <c>FingerprintTemplate.ToBytes()</c>.</summary>
    public static byte[] PackTemplates(IReadOnlyDictionary<FingerPosition, FingerprintTemplate> fingers)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        foreach (var (position, template) in fingers.OrderBy(f => f.Key))
        {
            var bytes = template.ToBytes();
            writer.Write((byte)position);
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }

        writer.Flush();
        return stream.ToArray();
    }

    public static Dictionary<FingerPosition, FingerprintTemplate> UnpackTemplates(byte[] packed)
    {
        var fingers = new Dictionary<FingerPosition, FingerprintTemplate>();
        using var reader = new BinaryReader(new MemoryStream(packed, writable: false));
        while (reader.BaseStream.Position < reader.BaseStream.Length)
        {
            var position = (FingerPosition)reader.ReadByte();
            var length = reader.ReadInt32();
            fingers[position] = FingerprintTemplate.FromBytes(reader.ReadBytes(length));
        }

        return fingers;
    }
}

internal sealed class EnrolledPersonConfiguration : IEntityTypeConfiguration<EnrolledPerson>
{
    public void Configure(EntityTypeBuilder<EnrolledPerson> b)
    {
        b.ToTable("persons");
        b.HasKey(p => p.Id);
        b.Property(p => p.Nik).HasMaxLength(16);
        b.Property(p => p.RegionCode).HasMaxLength(4);
        b.HasIndex(p => p.PacketId).IsUnique();
        b.HasIndex(p => p.Nik);
    }
}
