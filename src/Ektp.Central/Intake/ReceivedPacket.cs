using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ektp.Central.Intake;

/// <summary>A packet the centre accepted: verified, decrypted and stored exactly once (keyed by packet id).</summary>
internal sealed class ReceivedPacket
{
    public Guid PacketId { get; set; }
    public required string EnvelopeSha256 { get; set; }
    public required string PacketSha256 { get; set; }
    public required string RegionCode { get; set; }
    public required string SenderKeyId { get; set; }
    public required string Nik { get; set; }
    public DateTime RecordedAt { get; set; }
    public DateTime ReceivedAt { get; set; }
    public long Size { get; set; }
    public required byte[] Content { get; set; }
}

/// <summary>An upload in progress: declared size and hash; the bytes so far live in `uploads/&lt;id&gt;.part`.</summary>
internal sealed class UploadRecord
{
    public Guid PacketId { get; set; }
    public long Size { get; set; }
    public required string EnvelopeSha256 { get; set; }
    public DateTime StartedAt { get; set; }
}

internal sealed class ReceivedPacketConfiguration : IEntityTypeConfiguration<ReceivedPacket>
{
    public void Configure(EntityTypeBuilder<ReceivedPacket> b)
    {
        b.ToTable("packets");
        b.HasKey(p => p.PacketId);
        b.Property(p => p.EnvelopeSha256).HasMaxLength(64);
        b.Property(p => p.PacketSha256).HasMaxLength(64);
        b.Property(p => p.RegionCode).HasMaxLength(4);
        b.Property(p => p.SenderKeyId).HasMaxLength(32);
        b.Property(p => p.Nik).HasMaxLength(16);
        b.HasIndex(p => new { p.RegionCode, p.ReceivedAt });
        b.HasIndex(p => p.Nik);
    }
}

internal sealed class UploadRecordConfiguration : IEntityTypeConfiguration<UploadRecord>
{
    public void Configure(EntityTypeBuilder<UploadRecord> b)
    {
        b.ToTable("uploads");
        b.HasKey(u => u.PacketId);
        b.Property(u => u.EnvelopeSha256).HasMaxLength(64);
    }
}
