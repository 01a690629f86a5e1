using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ektp.Central.Offices;

/// <summary>
/// A sending office (a regional server) registered out of band by a central admin: its region and public key.
/// A revoked office's packets are refused from the moment of revocation.
/// </summary>
internal sealed class OfficeRecord
{
    public required string KeyId { get; set; }
    public required string RegionCode { get; set; }
    public required string Name { get; set; }
    public required byte[] PublicKey { get; set; }
    public DateTime RegisteredAt { get; set; }

    /// <summary>Who registered the key at the admin page (null for `ektp central add-office`).</summary>
    public string? RegisteredBy { get; set; }

    public DateTime? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }
    public string? RevokedBy { get; set; }
}

internal sealed class OfficeRecordConfiguration : IEntityTypeConfiguration<OfficeRecord>
{
    public void Configure(EntityTypeBuilder<OfficeRecord> b)
    {
        b.ToTable("offices");
        b.HasKey(o => o.KeyId);
        b.Property(o => o.KeyId).HasMaxLength(32);
        b.Property(o => o.RegionCode).HasMaxLength(4);
        b.Property(o => o.Name).HasMaxLength(120);
        b.Property(o => o.RevokedReason).HasMaxLength(400);
        b.Property(o => o.RegisteredBy).HasMaxLength(120);
        b.Property(o => o.RevokedBy).HasMaxLength(120);
        b.HasIndex(o => o.RegionCode);
    }
}
