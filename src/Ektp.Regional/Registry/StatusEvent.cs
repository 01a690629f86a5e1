using Ektp.Core.Lifecycle;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ektp.Regional.Registry;

/// <summary>Append-only history of every status a resident's record went through.</summary>
internal sealed class StatusEvent
{
    public long Id { get; set; }
    public required string Nik { get; set; }
    public RecordStatus From { get; set; }
    public RecordStatus To { get; set; }
    public DateTime At { get; set; }
    public string? Reason { get; set; }
    public string? By { get; set; }
}

internal sealed class StatusEventConfiguration : IEntityTypeConfiguration<StatusEvent>
{
    public void Configure(EntityTypeBuilder<StatusEvent> b)
    {
        b.ToTable("status_events");
        b.HasKey(e => e.Id);
        b.Property(e => e.Nik).HasMaxLength(16).IsFixedLength();
        b.Property(e => e.From).HasConversion(s => RecordLifecycle.Code(s), s => Parse(s)).HasMaxLength(32);
        b.Property(e => e.To).HasConversion(s => RecordLifecycle.Code(s), s => Parse(s)).HasMaxLength(32);
        b.Property(e => e.Reason).HasMaxLength(500);
        b.Property(e => e.By).HasMaxLength(80);
        b.HasIndex(e => new { e.Nik, e.At });
    }

    private static RecordStatus Parse(string code) =>
        RecordLifecycle.TryParse(code, out var status) ? status : throw new InvalidDataException($"Unknown status {code}");
}
