using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ektp.Central.Adjudication;

/// <summary>
/// A possible duplicate awaiting an adjudicator: the later packet, the earlier enrolled person it met, and why.
/// One case per packet (unique), so a resumed pipeline cannot open a second one.
/// </summary>
internal sealed class CaseRecord
{
    public long Id { get; set; }
    public Guid PacketId { get; set; }
    public required string Nik { get; set; }
    public required string RegionCode { get; set; }
    public Guid MatchedPacketId { get; set; }
    public required string MatchedNik { get; set; }
    public required string MatchedRegionCode { get; set; }

    /// <summary><c>biometric</c>: the fingers match another NIK; <c>nik</c>: the NIK is held by other fingers.</summary>
    public required string Reason { get; set; }

    /// <summary>Fused score of the best candidate; null for a NIK conflict without a biometric match.</summary>
    public double? Score { get; set; }

    /// <summary>All candidates at or above the threshold, as JSON.</summary>
    public string? Candidates { get; set; }

    public DateTime OpenedAt { get; set; }
    public string? Ruling { get; set; }
    public string? RuledBy { get; set; }
    public string? RulingReason { get; set; }
    public DateTime? RuledAt { get; set; }
}

internal sealed class CaseRecordConfiguration : IEntityTypeConfiguration<CaseRecord>
{
    public void Configure(EntityTypeBuilder<CaseRecord> b)
    {
        b.ToTable("cases");
        b.HasKey(c => c.Id);
        b.Property(c => c.Nik).HasMaxLength(16);
        b.Property(c => c.MatchedNik).HasMaxLength(16);
        b.Property(c => c.RegionCode).HasMaxLength(4);
        b.Property(c => c.MatchedRegionCode).HasMaxLength(4);
        b.Property(c => c.Reason).HasMaxLength(16);
        b.Property(c => c.Candidates).HasMaxLength(4000);
        b.Property(c => c.Ruling).HasMaxLength(32);
        b.Property(c => c.RuledBy).HasMaxLength(120);
        b.Property(c => c.RulingReason).HasMaxLength(1000);
        b.HasIndex(c => c.PacketId).IsUnique();
        b.HasIndex(c => c.RuledAt);
    }
}
