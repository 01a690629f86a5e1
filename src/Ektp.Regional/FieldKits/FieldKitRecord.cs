using Ektp.Regional.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ektp.Regional.FieldKits;

/// <summary>
/// A field kit (a laptop for mobile recording) registered at this regional server by its supervisor
/// (`ektp regional add-office`): its public key and name. Only registered, unrevoked kits may pull the registry or
/// upload packets; a revoked kit is refused from the moment of revocation.
/// </summary>
internal sealed class FieldKitRecord
{
    public required string KeyId { get; set; }
    public required string Name { get; set; }
    public required byte[] PublicKey { get; set; }
    public DateTime RegisteredAt { get; set; }
    public string? RegisteredBy { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
    public string? RevokedReason { get; set; }

    /// <summary>Last authenticated request of the kit (updated at most once a minute).</summary>
    public DateTime? LastSeenAt { get; set; }
}

/// <summary>
/// A packet a field kit uploaded, kept by packet id so a repeated upload is answered the same way and never applied
/// twice: <see cref="KitPacketState.Applied"/> (the enrollment, its packet and its outbox row towards the centre were
/// written with it), or <see cref="KitPacketState.SetAside"/> with the reason, for the supervisor, and the packet.
/// </summary>
internal sealed class KitPacketRecord
{
    public Guid PacketId { get; set; }
    public required string KitKeyId { get; set; }
    public required string EnvelopeSha256 { get; set; }
    public required string PacketSha256 { get; set; }
    public required string Nik { get; set; }
    public DateTime RecordedAt { get; set; }
    public DateTime ReceivedAt { get; set; }
    public long Size { get; set; }
    public KitPacketState State { get; set; }
    public string? Reason { get; set; }

    /// <summary>The packet ZIP of a set-aside packet (an applied one is in `packets`).</summary>
    public byte[]? Content { get; set; }
}

internal enum KitPacketState
{
    Applied,
    SetAside,
}

/// <summary>An upload from a field kit in progress: declared size and hash; the bytes live in `uploads/&lt;id&gt;.part`.</summary>
internal sealed class KitUploadRecord
{
    public Guid PacketId { get; set; }
    public long Size { get; set; }
    public required string EnvelopeSha256 { get; set; }
    public DateTime StartedAt { get; set; }
}

internal static class FieldKitTables
{
    public static DbSet<FieldKitRecord> FieldKits(this RegionalDbContext db) => db.Set<FieldKitRecord>();

    public static DbSet<KitPacketRecord> KitPackets(this RegionalDbContext db) => db.Set<KitPacketRecord>();

    public static DbSet<KitUploadRecord> KitUploads(this RegionalDbContext db) => db.Set<KitUploadRecord>();
}

internal sealed class FieldKitRecordConfiguration : IEntityTypeConfiguration<FieldKitRecord>
{
    public void Configure(EntityTypeBuilder<FieldKitRecord> b)
    {
        b.ToTable("field_kits");
        b.HasKey(k => k.KeyId);
        b.Property(k => k.KeyId).HasMaxLength(32);
        b.Property(k => k.Name).HasMaxLength(120);
        b.Property(k => k.RegisteredBy).HasMaxLength(120);
        b.Property(k => k.RevokedBy).HasMaxLength(120);
        b.Property(k => k.RevokedReason).HasMaxLength(400);
    }
}

internal sealed class KitPacketRecordConfiguration : IEntityTypeConfiguration<KitPacketRecord>
{
    public void Configure(EntityTypeBuilder<KitPacketRecord> b)
    {
        b.ToTable("kit_packets");
        b.HasKey(p => p.PacketId);
        b.Property(p => p.KitKeyId).HasMaxLength(32);
        b.Property(p => p.EnvelopeSha256).HasMaxLength(64).IsFixedLength();
        b.Property(p => p.PacketSha256).HasMaxLength(64).IsFixedLength();
        b.Property(p => p.Nik).HasMaxLength(16).IsFixedLength();
        b.Property(p => p.State).HasConversion<string>().HasMaxLength(12);
        b.Property(p => p.Reason).HasMaxLength(1000);
        b.HasIndex(p => new { p.State, p.ReceivedAt });
        b.HasIndex(p => p.KitKeyId);
    }
}

internal sealed class KitUploadRecordConfiguration : IEntityTypeConfiguration<KitUploadRecord>
{
    public void Configure(EntityTypeBuilder<KitUploadRecord> b)
    {
        b.ToTable("kit_uploads");
        b.HasKey(u => u.PacketId);
        b.Property(u => u.EnvelopeSha256).HasMaxLength(64).IsFixedLength();
    }
}
