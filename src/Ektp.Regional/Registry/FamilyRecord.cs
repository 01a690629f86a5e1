using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ektp.Regional.Registry;

/// <summary>A Kartu Keluarga: every resident belongs to exactly one (residents.KkNumber).</summary>
internal sealed class FamilyRecord
{
    public required string KkNumber { get; set; }
    public required string HeadNik { get; set; }
    public required string Address { get; set; }
    public int Rt { get; set; }
    public int Rw { get; set; }
    public required string KelurahanCode { get; set; }
}

internal sealed class FamilyRecordConfiguration : IEntityTypeConfiguration<FamilyRecord>
{
    public void Configure(EntityTypeBuilder<FamilyRecord> b)
    {
        b.ToTable("families");
        b.HasKey(f => f.KkNumber);
        b.Property(f => f.KkNumber).HasMaxLength(16).IsFixedLength();
        b.Property(f => f.HeadNik).HasMaxLength(16).IsFixedLength();
        b.Property(f => f.Address).HasMaxLength(200);
        b.Property(f => f.KelurahanCode).HasMaxLength(10);
    }
}
