using Microsoft.EntityFrameworkCore;

namespace Ektp.Hosting.Crypto;

/// <summary>
/// One data key of a server (table <c>data_keys</c>): 256 random bits, stored only wrapped by the master key. The
/// unretired key with the highest id is the current one; older unretired keys still open the values sealed under
/// them. A retired key's wrapped bytes are erased once no value uses it any more.
/// </summary>
public sealed class DataKeyRecord
{
    public int Id { get; set; }

    /// <summary>The key wrapped by the master key (<see cref="MasterKey.Wrap"/>); null once retired.</summary>
    public byte[]? WrappedKey { get; set; }

    /// <summary><see cref="MasterKey.Id"/> of the master key that wrapped it.</summary>
    public required string MasterKeyId { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? RetiredAt { get; set; }
}

/// <summary>Named facts of the data protection (table <c>data_protection</c>), such as when the plaintext written
/// before encryption at rest existed was last swept (<see cref="DataKeyStore.PlaintextSwept"/>).</summary>
public sealed class DataProtectionFact
{
    public required string Name { get; set; }
    public required string Value { get; set; }
    public DateTime At { get; set; }
}

/// <summary>The two tables in both servers' models (called from their DbContexts, like SecurityModel).</summary>
public static class DataProtectionModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<DataKeyRecord>(b =>
        {
            b.ToTable("data_keys");
            b.HasKey(k => k.Id);
            b.Property(k => k.Id).ValueGeneratedNever();
            b.Property(k => k.MasterKeyId).HasMaxLength(16);
        });
        modelBuilder.Entity<DataProtectionFact>(b =>
        {
            b.ToTable("data_protection");
            b.HasKey(f => f.Name);
            b.Property(f => f.Name).HasMaxLength(64);
            b.Property(f => f.Value).HasMaxLength(400);
        });
    }
}
