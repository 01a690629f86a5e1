using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ektp.Central.Pipeline;

/// <summary>The stages a received packet goes through, in order; each is committed with its effect.</summary>
internal enum PipelineStage
{
    Validate,
    Demographic,
    Biometric,
    Decide,
    Done,
}

/// <summary>
/// One packet's way through the pipeline, created in the same transaction as the <c>ReceivedPacket</c>. What each
/// stage found is kept on the row, so a restart between stages resumes from the stored results and never searches
/// or decides twice.
/// </summary>
internal sealed class PipelineJob
{
    public Guid PacketId { get; set; }
    public PipelineStage Stage { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTime? NextAttemptAt { get; set; }

    /// <summary>Set when the packet cannot be enrolled: a problem code such as <c>templates-missing</c>.</summary>
    public string? FailureCode { get; set; }

    public string? FailureReason { get; set; }

    /// <summary>The earliest enrolled person that already holds this NIK (demographic check).</summary>
    public long? SameNikPersonId { get; set; }

    /// <summary>The 1:N search's candidates at or above the threshold, as JSON (<see cref="SearchHit"/>[]).</summary>
    public string? Candidates { get; set; }

    /// <summary>The person this packet was enrolled as in the gallery (biometric stage).</summary>
    public long? PersonId { get; set; }

    public void Advance(PipelineStage next, DateTime now)
    {
        Stage = next;
        UpdatedAt = now;
        Attempts = 0;
        LastError = null;
        NextAttemptAt = null;
    }

    public void Fail(string code, string reason, DateTime now)
    {
        FailureCode = code;
        FailureReason = reason;
        Advance(PipelineStage.Decide, now);
    }
}

/// <summary>A gallery candidate as stored on the job: who, under which NIK and packet, and how well it matched.</summary>
internal sealed record SearchHit(long PersonId, Guid PacketId, string Nik, double Score);

internal sealed class PipelineJobConfiguration : IEntityTypeConfiguration<PipelineJob>
{
    public void Configure(EntityTypeBuilder<PipelineJob> b)
    {
        b.ToTable("pipeline_jobs");
        b.HasKey(j => j.PacketId);
        b.Property(j => j.Stage).HasConversion<string>().HasMaxLength(16);
        b.Property(j => j.LastError).HasMaxLength(1000);
        b.Property(j => j.FailureCode).HasMaxLength(64);
        b.Property(j => j.FailureReason).HasMaxLength(1000);
        b.HasIndex(j => new { j.Stage, j.CreatedAt });
    }
}
