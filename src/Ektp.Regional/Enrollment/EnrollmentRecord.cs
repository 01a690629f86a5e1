using Ektp.Core.Residents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ektp.Regional.Enrollment;

/// <summary>One recording session (perekaman) of one resident: who, where, when, and which packet carries it.</summary>
internal sealed class EnrollmentRecord
{
    public Guid Id { get; set; }
    public required string Nik { get; set; }
    public Guid PacketId { get; set; }
    public RecordingLocation Location { get; set; }
    public required string Operator { get; set; }
    public required string Office { get; set; }
    public DateTime RecordedAt { get; set; }
    public int FingersCaptured { get; set; }

    /// <summary>Declared missing fingers as `N:reason,…` (amputated, bandaged, …), kept for the adjudicator.</summary>
    public string? MissingFingers { get; set; }

    /// <summary>Lowest quality score among the captured fingers (0–100), null before the engine scores them.</summary>
    public int? MinFingerQuality { get; set; }
}

internal sealed class EnrollmentRecordConfiguration : IEntityTypeConfiguration<EnrollmentRecord>
{
    public void Configure(EntityTypeBuilder<EnrollmentRecord> b)
    {
        b.ToTable("enrollments");
        b.HasKey(e => e.Id);
        b.Property(e => e.Nik).HasMaxLength(16).IsFixedLength();
        b.Property(e => e.Location).HasConversion<string>().HasMaxLength(12);
        b.Property(e => e.Operator).HasMaxLength(80);
        b.Property(e => e.Office).HasMaxLength(120);
        b.Property(e => e.MissingFingers).HasMaxLength(400);
        b.HasIndex(e => e.Nik);
        b.HasIndex(e => e.RecordedAt);
        b.HasIndex(e => e.PacketId).IsUnique();
    }
}
