using System.Buffers.Binary;
using Ektp.Biometrics;
using Ektp.Hosting.Crypto;
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

    /// <summary>The templates, packed and sealed at rest: see <see cref="PackTemplates"/>.</summary>
    public required byte[] Templates { get; set; }

    /// <summary>
    /// <c>persons.templates</c> is sealed at rest (AES-256-GCM under the centre's data key), bound to the person's
    /// packet id (unique, and known before the row's identity is). Every read and write of the column goes through
    /// <see cref="PackTemplates"/> and <see cref="UnpackTemplates"/>.
    /// </summary>
    public static readonly ProtectedColumn TemplatesColumn = new(typeof(EnrolledPerson), nameof(PacketId),
        nameof(Templates), "persons", "templates");

    /// <summary>The stored form of a person's templates: packed (see <see cref="Pack"/>), then sealed for the row of
    /// <paramref name="packetId"/>.</summary>
    public static byte[] PackTemplates(DataCipher cipher, Guid packetId,
        IReadOnlyDictionary<FingerPosition, FingerprintTemplate> fingers)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        return cipher.Seal(TemplatesColumn.Cell(packetId), Pack(fingers));
    }

    /// <summary>The templates of the stored value <paramref name="stored"/> of the row of <paramref name="packetId"/>.</summary>
    /// <exception cref="AtRestException">The value does not open (another row's, altered, or an unknown key).</exception>
    public static Dictionary<FingerPosition, FingerprintTemplate> UnpackTemplates(DataCipher cipher, Guid packetId,
        byte[] stored)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        return Unpack(cipher.Open(TemplatesColumn.Cell(packetId), stored));
    }

    /// <summary>Per finger: position (1 byte), length (4 bytes, little-endian), <c>FingerprintTemplate.ToBytes()</c>.</summary>
    private static byte[] Pack(IReadOnlyDictionary<FingerPosition, FingerprintTemplate> fingers)
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

    private static Dictionary<FingerPosition, FingerprintTemplate> Unpack(ReadOnlySpan<byte> packed)
    {
        var fingers = new Dictionary<FingerPosition, FingerprintTemplate>();
        while (!packed.IsEmpty)
        {
            var length = packed.Length >= 5 ? BinaryPrimitives.ReadInt32LittleEndian(packed[1..]) : -1;
            if (length < 0 || length > packed.Length - 5)
            {
                throw new FormatException("The packed templates are cut short.");
            }

            fingers[(FingerPosition)packed[0]] = FingerprintTemplate.FromBytes(packed.Slice(5, length));
            packed = packed[(5 + length)..];
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
