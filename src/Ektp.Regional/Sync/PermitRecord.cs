using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ektp.Regional.Sync;

/// <summary>
/// A print permit received from the centre's decision feed, kept as signed (the exact JSON and its signature) so it
/// can be checked again at the printer. A permit whose signature did not verify is kept too, for the supervisor,
/// with <see cref="Verified"/> false; it changed no status, and its decision was set aside with that reason
/// (<see cref="DecisionPuller.SetAsidePrefix"/>). One row per packet: the first permit received for it stays.
/// </summary>
internal sealed class PermitRecord
{
    public Guid PacketId { get; set; }
    public required string Nik { get; set; }
    public long Sequence { get; set; }
    public required string Permit { get; set; }
    public required string Signature { get; set; }
    public bool Verified { get; set; }
    public DateTime ReceivedAt { get; set; }
}

internal sealed class PermitRecordConfiguration : IEntityTypeConfiguration<PermitRecord>
{
    public void Configure(EntityTypeBuilder<PermitRecord> b)
    {
        b.ToTable("permits");
        b.HasKey(p => p.PacketId);
        b.Property(p => p.Nik).HasMaxLength(16);
        b.Property(p => p.Permit).HasMaxLength(1000);
        b.Property(p => p.Signature).HasMaxLength(200);
        b.HasIndex(p => p.Nik);
    }
}
