using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Hosting.Crypto;

/// <summary>
/// The data keys of a server's database (<c>data_keys</c>) and what is done with all of them at once: opening them
/// at start-up, sealing the plaintext a database from before encryption at rest still holds, rotation, re-encryption
/// under the current key, re-wrapping under a new master key (docs/security.md, "Data protection").
/// </summary>
public static class DataKeyStore
{
    /// <summary>The <see cref="DataProtectionFact"/> set once every protected column was swept for plaintext.</summary>
    public const string PlaintextSwept = "plaintext-swept";

    /// <summary>
    /// Loads the master key, makes the first data key of a new database, unwraps the data keys into
    /// <paramref name="cipher"/> and, once per database, seals the values written before encryption at rest existed
    /// (in batches), then compacts the database so the freed pages no longer hold the plaintext.
    /// </summary>
    /// <exception cref="AtRestException">A missing or wrong master key (one line for the operator).</exception>
    public static async Task<DataProtectionReport> OpenAsync(DbContext db, MasterKeySource source, DataCipher cipher,
        IReadOnlyList<ProtectedColumn> columns, DateTime now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(cipher);
        ArgumentNullException.ThrowIfNull(columns);
        var keys = await LoadKeysAsync(db, ct);
        using (var master = source.Load(createDefault: keys.Count == 0))
        {
            if (keys.Count == 0)
            {
                keys = await CreateFirstKeyAsync(db, master, now, ct);
            }

            Unlock(keys, master, cipher);
        }

        long encrypted = 0;
        if (!await db.Set<DataProtectionFact>().AnyAsync(f => f.Name == PlaintextSwept, ct))
        {
            foreach (var column in columns)
            {
                var (_, rewritten) = await column.RewriteAsync(db,
                    (stored, cell) => AtRestEnvelope.IsSealed(stored) ? null : cipher.Seal(cell, stored), ct: ct);
                encrypted += rewritten;
            }

            if (encrypted > 0)
            {
                await CompactAsync(db, columns, ct);
            }

            db.Set<DataProtectionFact>().Add(new DataProtectionFact
            {
                Name = PlaintextSwept,
                Value = $"{encrypted} values encrypted",
                At = now,
            });
            await db.SaveChangesAsync(ct);
        }

        return new DataProtectionReport(cipher.CurrentKeyId, cipher.KeyIds.Count, encrypted);
    }

    /// <summary>Makes a new data key the current one; the older ones stay and still open what they sealed.</summary>
    /// <returns>The new key's id.</returns>
    public static async Task<int> RotateAsync(DbContext db, MasterKey master, DataCipher cipher, DateTime now,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(master);
        ArgumentNullException.ThrowIfNull(cipher);
        var keys = await LoadKeysAsync(db, ct);
        if (keys.Count == 0)
        {
            throw new AtRestException("This database has no data keys yet: start its server once first.");
        }

        Unlock(keys, master, cipher); // refuses a wrong master key before anything is written
        var id = keys.Max(k => k.Id) + 1;
        var key = RandomNumberGenerator.GetBytes(AtRestEnvelope.KeySize);
        db.Set<DataKeyRecord>().Add(new DataKeyRecord
        {
            Id = id,
            WrappedKey = master.Wrap(id, key),
            MasterKeyId = master.Id,
            CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);
        CryptographicOperations.ZeroMemory(key);
        Unlock(await LoadKeysAsync(db, ct), master, cipher);
        return id;
    }

    /// <summary>
    /// Rewrites every value that is not under the current key with the current key, then retires (erases) every older
    /// key that no value uses any more, and compacts the database. Run it with the server stopped: a running server
    /// keeps sealing with the key that was current when it started.
    /// </summary>
    public static async Task<ReencryptReport> ReencryptAsync(DbContext db, DataCipher cipher,
        IReadOnlyList<ProtectedColumn> columns, DateTime now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cipher);
        ArgumentNullException.ThrowIfNull(columns);
        var current = cipher.CurrentKeyId;
        long rewritten = 0;
        foreach (var column in columns)
        {
            var (_, count) = await column.RewriteAsync(db, (stored, cell) =>
                AtRestEnvelope.IsSealed(stored) && AtRestEnvelope.KeyIdOf(stored) == current
                    ? null
                    : cipher.Seal(cell, AtRestEnvelope.IsSealed(stored) ? cipher.Open(cell, stored) : stored), ct: ct);
            rewritten += count;
        }

        // Count what each key still seals (a value written meanwhile by a running server keeps its key alive).
        var inUse = new HashSet<int>();
        foreach (var column in columns)
        {
            await column.RewriteAsync(db, (stored, _) =>
            {
                inUse.Add(AtRestEnvelope.KeyIdOf(stored));
                return null;
            }, ct: ct);
        }

        var retired = new List<int>();
        foreach (var key in await db.Set<DataKeyRecord>().Where(k => k.RetiredAt == null && k.Id != current).ToListAsync(ct))
        {
            if (!inUse.Contains(key.Id))
            {
                key.RetiredAt = now;
                key.WrappedKey = null;
                retired.Add(key.Id);
            }
        }

        await db.SaveChangesAsync(ct);
        await CompactAsync(db, columns, ct);
        return new ReencryptReport(current, rewritten, retired, [.. inUse.Where(id => id != current).Order()]);
    }

    /// <summary>Wraps every live data key under <paramref name="newMaster"/> instead, in one transaction.</summary>
    /// <returns>How many keys were re-wrapped.</returns>
    public static async Task<int> RewrapAsync(DbContext db, MasterKey oldMaster, MasterKey newMaster,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(oldMaster);
        ArgumentNullException.ThrowIfNull(newMaster);
        var keys = await db.Set<DataKeyRecord>().Where(k => k.WrappedKey != null).OrderBy(k => k.Id).ToListAsync(ct);
        if (keys.Count == 0)
        {
            throw new AtRestException("This database has no data keys yet: start its server once first.");
        }

        CheckMaster(keys, oldMaster);
        foreach (var record in keys)
        {
            var key = oldMaster.Unwrap(record.Id, record.WrappedKey);
            record.WrappedKey = newMaster.Wrap(record.Id, key);
            record.MasterKeyId = newMaster.Id;
            CryptographicOperations.ZeroMemory(key);
        }

        await db.SaveChangesAsync(ct); // one SaveChanges: one transaction
        return keys.Count;
    }

    /// <summary>The keys as stored, oldest first.</summary>
    public static Task<List<DataKeyRecord>> LoadKeysAsync(DbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<DataKeyRecord>().AsNoTracking().OrderBy(k => k.Id).ToListAsync(ct);
    }

    /// <summary>Unwraps the live keys into <paramref name="cipher"/>.</summary>
    public static void Unlock(IReadOnlyList<DataKeyRecord> keys, MasterKey master, DataCipher cipher)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(master);
        ArgumentNullException.ThrowIfNull(cipher);
        var live = keys.Where(k => k.WrappedKey is not null && k.RetiredAt is null).ToList();
        if (live.Count == 0)
        {
            throw new AtRestException("This database has no live data key.");
        }

        CheckMaster(live, master);
        cipher.Load(live.ToDictionary(k => k.Id, k => master.Unwrap(k.Id, k.WrappedKey)), live.Max(k => k.Id));
    }

    /// <summary>
    /// Drops the pages that held values before they were rewritten: VACUUM on SQLite (and the WAL truncated, if one
    /// is in use), VACUUM FULL of the rewritten tables on PostgreSQL.
    /// </summary>
    public static async Task CompactAsync(DbContext db, IReadOnlyList<ProtectedColumn> columns, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(columns);
        if (db.Database.ProviderName?.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) == true)
        {
            await db.Database.ExecuteSqlRawAsync("VACUUM", ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)", ct);
            return;
        }

        foreach (var table in columns.Select(c => c.StoreTable(db)).Distinct(StringComparer.Ordinal))
        {
#pragma warning disable EF1002 // the table name comes from the EF model, delimited by the provider, not from input
            await db.Database.ExecuteSqlRawAsync($"VACUUM FULL {table}", ct);
#pragma warning restore EF1002
        }
    }

    private static async Task<List<DataKeyRecord>> CreateFirstKeyAsync(DbContext db, MasterKey master, DateTime now,
        CancellationToken ct)
    {
        var key = RandomNumberGenerator.GetBytes(AtRestEnvelope.KeySize);
        db.Set<DataKeyRecord>().Add(new DataKeyRecord
        {
            Id = 1,
            WrappedKey = master.Wrap(1, key),
            MasterKeyId = master.Id,
            CreatedAt = now,
        });
        CryptographicOperations.ZeroMemory(key);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another process made the first key a moment earlier: use that one.
            db.ChangeTracker.Clear();
        }

        return await LoadKeysAsync(db, ct);
    }

    private static void CheckMaster(IEnumerable<DataKeyRecord> keys, MasterKey master)
    {
        var other = keys.FirstOrDefault(k => k.MasterKeyId != master.Id);
        if (other is not null)
        {
            throw new AtRestException(
                $"The master key from {master.Origin} (id {master.Id}) is not the one this database's data keys are " +
                $"protected with (id {other.MasterKeyId}): give that one with --master-key-file or " +
                $"{MasterKey.EnvironmentVariable}.");
        }
    }
}

/// <summary>What <see cref="DataKeyStore.OpenAsync"/> found and did.</summary>
public sealed record DataProtectionReport(int CurrentKeyId, int LiveKeys, long PlaintextEncrypted);

/// <summary>What <see cref="DataKeyStore.ReencryptAsync"/> did: values rewritten, keys retired, and older keys
/// still in use (values written by a server that ran meanwhile).</summary>
public sealed record ReencryptReport(int CurrentKeyId, long Rewritten, IReadOnlyList<int> Retired,
    IReadOnlyList<int> StillInUse);
