using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ektp.Central.Decisions;

/// <summary>
/// One entry of the decision feed. <see cref="Sequence"/> is the feed cursor; rows are only ever appended, under
/// <see cref="DecisionLog.Gate"/>, so sequence numbers become visible in increasing order. The unique key on
/// (packet, step) makes a repeated stage unable to decide twice.
/// </summary>
internal sealed class DecisionRecord
{
    public long Sequence { get; set; }
    public Guid PacketId { get; set; }

    /// <summary>Which step decided: <c>pipeline</c>, <c>case</c> (an adjudicator examined the case) or <c>ruling</c>.</summary>
    public required string Step { get; set; }

    /// <summary>The regional status this decision moves the record to, e.g. <c>PRINT_READY_RECORD</c>.</summary>
    public required string Kind { get; set; }

    public required string RegionCode { get; set; }
    public required string Nik { get; set; }
    public string? Reason { get; set; }
    public long? CaseId { get; set; }

    /// <summary>The print permit's exact JSON text: the bytes the signature covers.</summary>
    public string? Permit { get; set; }

    /// <summary>ECDSA P-256 / SHA-256 signature of <see cref="Permit"/> (IEEE P1363, base64).</summary>
    public string? PermitSignature { get; set; }

    public DateTime RecordedAt { get; set; }
    public DateTime DecidedAt { get; set; }
}

internal sealed class DecisionRecordConfiguration : IEntityTypeConfiguration<DecisionRecord>
{
    public void Configure(EntityTypeBuilder<DecisionRecord> b)
    {
        b.ToTable("decisions");
        b.HasKey(d => d.Sequence);
        b.Property(d => d.Sequence).ValueGeneratedOnAdd();
        b.Property(d => d.Step).HasMaxLength(16);
        b.Property(d => d.Kind).HasMaxLength(32);
        b.Property(d => d.RegionCode).HasMaxLength(4);
        b.Property(d => d.Nik).HasMaxLength(16);
        b.Property(d => d.Reason).HasMaxLength(1000);
        b.Property(d => d.Permit).HasMaxLength(1000);
        b.Property(d => d.PermitSignature).HasMaxLength(200);
        b.HasIndex(d => new { d.PacketId, d.Step }).IsUnique();
        b.HasIndex(d => new { d.RegionCode, d.Sequence });
    }
}
