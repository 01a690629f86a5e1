using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ektp.Regional.Enrollment;

/// <summary>The immutable packet of one enrollment (see docs/packet.md, Core's PacketBuilder): the ZIP as sent, and its SHA-256.</summary>
internal sealed class PacketRecord
{
    public Guid Id { get; set; }
    public Guid EnrollmentId { get; set; }
    public required string Nik { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string Sha256 { get; set; }
    public long Size { get; set; }
    public required byte[] Content { get; set; }

    /// <summary>The signed, encrypted envelope as sent to the centre; sealed once so a resumed upload sends the same bytes.</summary>
    public byte[]? Envelope { get; set; }

    public string? EnvelopeSha256 { get; set; }
}

/// <summary>
/// Store-and-forward queue towards the central server, written in the same transaction as the enrollment so that
/// a recorded person is never lost between the office and the centre.
/// </summary>
internal sealed class OutboxEntry
{
    public long Id { get; set; }
    public Guid PacketId { get; set; }
    public DateTime CreatedAt { get; set; }
    public OutboxState State { get; set; }
    public int Attempts { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }
}

internal enum OutboxState
{
    Pending,
    Sent,
    SetAside,
}

internal sealed class PacketRecordConfiguration : IEntityTypeConfiguration<PacketRecord>
{
    public void Configure(EntityTypeBuilder<PacketRecord> b)
    {
        b.ToTable("packets");
        b.HasKey(p => p.Id);
        b.Property(p => p.Nik).HasMaxLength(16).IsFixedLength();
        b.Property(p => p.Sha256).HasMaxLength(64).IsFixedLength();
        b.Property(p => p.EnvelopeSha256).HasMaxLength(64).IsFixedLength();
        b.HasIndex(p => p.EnrollmentId).IsUnique();
    }
}

internal sealed class OutboxEntryConfiguration : IEntityTypeConfiguration<OutboxEntry>
{
    public void Configure(EntityTypeBuilder<OutboxEntry> b)
    {
        b.ToTable("outbox");
        b.HasKey(o => o.Id);
        b.Property(o => o.State).HasConversion<string>().HasMaxLength(12);
        b.Property(o => o.LastError).HasMaxLength(1000);
        b.HasIndex(o => o.PacketId).IsUnique();
        b.HasIndex(o => new { o.State, o.Id });
    }
}
