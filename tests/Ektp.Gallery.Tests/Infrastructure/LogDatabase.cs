using System.Collections.Concurrent;
using Ektp.Biometrics;
using Ektp.Central.Data;
using Ektp.Central.Gallery;
using Ektp.Central.Pipeline;
using Ektp.Hosting;
using Ektp.Hosting.Crypto;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Gallery.Tests.Infrastructure;

/// <summary>
/// A throw-away central database (SQLite file, migrated) whose persons and gallery log the tests fill the way the
/// pipeline does: the person and its log row in one transaction.
/// </summary>
internal sealed class LogDatabase : IDisposable
{
    private static readonly ConcurrentDictionary<string, DataCipher> Ciphers = new(StringComparer.Ordinal);

    private LogDatabase(string folder)
    {
        Folder = folder;
        File = Path.Combine(folder, "central.db");
        Settings = new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={File};Pooling=True;Default Timeout=60");
    }

    public string Folder { get; }

    /// <summary>The centre's data keys of this database (its master key is <see cref="MasterKeyFile"/>).</summary>
    public DataCipher Cipher { get; } = new();

    /// <summary>The master key file, made with the data keys as the central server makes it on first start.</summary>
    public string MasterKeyFile => MasterKey.DefaultPath(Folder);
    public string File { get; }
    public DatabaseSettings Settings { get; }

    public static async Task<LogDatabase> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ektp-gallery-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = new LogDatabase(folder);
        await using var db = database.Open();
        await db.Database.MigrateAsync();
        await DataKeyStore.OpenAsync(db, new MasterKeySource(folder), database.Cipher, CentralAtRest.Columns,
            DateTime.UtcNow);
        Ciphers[database.Settings.ConnectionString] = database.Cipher;

        // Silos read while the test writes: write-ahead logging lets them.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL");
        return database;
    }

    public CentralDbContext Open() => CentralDbContext.Create(Settings);

    /// <summary>The data keys of the test database with this connection string (the in-process silos' lookup).</summary>
    public static DataCipher CipherOf(string connectionString) => Ciphers[connectionString];

    /// <summary>Stores many persons at once (a gallery to search); returns their ids in order.</summary>
    public async Task<List<long>> PreloadAsync(IReadOnlyList<Dictionary<FingerPosition, FingerprintTemplate>> persons)
    {
        var ids = new List<long>(persons.Count);
        await using var db = Open();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var now = DateTime.UtcNow;
        foreach (var chunk in persons.Chunk(5_000))
        {
            var rows = chunk.Select(fingers => Person(Cipher, fingers, now)).ToList();
            db.Persons.AddRange(rows);
            await db.SaveChangesAsync();
            foreach (var row in rows)
            {
                GalleryLog.Added(db, row, now);
                ids.Add(row.Id);
            }

            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        return ids;
    }

    /// <summary>Inserts one person as the pipeline does; returns its id and the seq of its log row.</summary>
    public async Task<(long PersonId, long Seq)> InsertAsync(Dictionary<FingerPosition, FingerprintTemplate> fingers)
    {
        await using var db = Open();
        var now = DateTime.UtcNow;
        var person = Person(Cipher, fingers, now);
        await using var transaction = await db.Database.BeginTransactionAsync();
        await GalleryLog.LockAsync(db, Settings.Provider, default);
        db.Persons.Add(person);
        await db.SaveChangesAsync();
        var entry = GalleryLog.Added(db, person, now);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return (person.Id, entry.Seq);
    }

    public void Dispose()
    {
        Ciphers.TryRemove(Settings.ConnectionString, out _);
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A silo process may still hold the file for a moment; the temp folder is cleaned eventually.
        }
    }

    private static EnrolledPerson Person(DataCipher cipher, Dictionary<FingerPosition, FingerprintTemplate> fingers,
        DateTime now)
    {
        var packetId = Guid.CreateVersion7();
        return new EnrolledPerson
        {
            PacketId = packetId,
            Nik = "1472010101900001",
            RegionCode = "1472",
            EnrolledAt = now,
            Templates = EnrolledPerson.PackTemplates(cipher, packetId, fingers),
        };
    }
}
