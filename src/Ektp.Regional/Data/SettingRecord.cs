using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ektp.Regional.Data;

/// <summary>Key/value facts about this server's database (region code it serves, seed scenario applied).</summary>
internal sealed class SettingRecord
{
    public required string Key { get; set; }
    public required string Value { get; set; }
}

internal sealed class SettingRecordConfiguration : IEntityTypeConfiguration<SettingRecord>
{
    public void Configure(EntityTypeBuilder<SettingRecord> b)
    {
        b.ToTable("settings");
        b.HasKey(s => s.Key);
        b.Property(s => s.Key).HasMaxLength(64);
        b.Property(s => s.Value).HasMaxLength(400);
    }
}
