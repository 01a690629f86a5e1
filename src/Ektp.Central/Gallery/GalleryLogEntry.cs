using Ektp.Central.Data;
using Ektp.Central.Pipeline;
using Ektp.Hosting;
using Ektp.Hosting.Crypto;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ektp.Central.Gallery;

/// <summary>
/// One row of the append-only gallery log (<c>gallery_log</c>): a person added to the national gallery with their
/// templates, or removed from it. <see cref="Seq"/> is global and handed out in commit order; the gallery shards
/// rebuild from this table and apply it up to the sequence number each search carries.
/// </summary>
internal sealed class GalleryLogEntry
{
    public const string Add = "add";
    public const string Remove = "remove";

    public long Seq { get; set; }
    public long PersonId { get; set; }
    public required string Op { get; set; }

    /// <summary>For an add: the packet the person was enrolled from (what <see cref="Templates"/> is bound to).</summary>
    public Guid? PacketId { get; set; }

    /// <summary>
    /// For an add: a copy of the person's stored <c>persons.templates</c>, packed and sealed at rest by
    /// <see cref="EnrolledPerson.PackTemplates"/> for the persons cell of <see cref="PacketId"/>. Copying the sealed
    /// value costs no encryption, and the log opens with the same key and address as the person.
    /// </summary>
    public byte[]? Templates { get; set; }

    /// <summary>
    /// The log's sealed copies, for the start-up sweep and key rotation (<see cref="Data.CentralAtRest.Columns"/>):
    /// bound, like the person's own value, to the persons cell of the packet. A packet enrolls at most one person
    /// (the pipeline inserts once per job), so the packet id is a unique key of the adds.
    /// </summary>
    public static readonly ProtectedColumn TemplatesColumn = new(typeof(GalleryLogEntry), nameof(PacketId),
        nameof(Templates), "persons", "templates");

    public DateTime At { get; set; }
}

internal sealed class GalleryLogEntryConfiguration : IEntityTypeConfiguration<GalleryLogEntry>
{
    public void Configure(EntityTypeBuilder<GalleryLogEntry> b)
    {
        b.ToTable("gallery_log");
        b.HasKey(e => e.Seq);
        b.Property(e => e.Op).HasMaxLength(8);
        b.HasIndex(e => e.PersonId);
        b.HasIndex(e => e.PacketId); // key rotation walks the sealed copies in packet order
    }
}

/// <summary>Writes the gallery log inside the caller's transaction.</summary>
internal static class GalleryLog
{
    // Any constant: the key of the PostgreSQL advisory lock that serialises appends (see LockAsync).
    private const long AppendLockKey = 0x656B7470_67616C6C; // "ektpgall"

    /// <summary>
    /// Makes this transaction's log rows take their sequence numbers in commit order. SQLite has one writer at a
    /// time already; PostgreSQL hands out identity values at insert time, so without this lock a transaction could
    /// commit seq 11 while seq 10 is still open, and a shard that read up to 11 would never see 10. Call inside the
    /// transaction, before the insert; the lock ends with the transaction.
    /// </summary>
    public static async Task LockAsync(CentralDbContext db, DatabaseProvider provider, CancellationToken ct)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AppendLockKey})", ct);
        }
    }

    /// <summary>Appends an add of <paramref name="person"/> (which must have its id) with its packed templates.</summary>
    public static GalleryLogEntry Added(CentralDbContext db, EnrolledPerson person, DateTime now)
    {
        var entry = new GalleryLogEntry
        {
            PersonId = person.Id,
            Op = GalleryLogEntry.Add,
            PacketId = person.PacketId,
            Templates = person.Templates,
            At = now,
        };
        db.GalleryLog.Add(entry);
        return entry;
    }

    public static GalleryLogEntry Removed(CentralDbContext db, long personId, DateTime now)
    {
        var entry = new GalleryLogEntry { PersonId = personId, Op = GalleryLogEntry.Remove, At = now };
        db.GalleryLog.Add(entry);
        return entry;
    }

    /// <summary>The sequence number of the latest add of a person (the pipeline's search after a restart).</summary>
    public static Task<long> SeqOfAddAsync(CentralDbContext db, long personId, CancellationToken ct) =>
        db.GalleryLog.AsNoTracking().Where(e => e.PersonId == personId && e.Op == GalleryLogEntry.Add)
            .OrderByDescending(e => e.Seq).Select(e => e.Seq).FirstAsync(ct);

    /// <summary>
    /// SQL of the migration that creates the log: one add per person already enrolled, in id order, so a database
    /// from before the log rebuilds the same gallery. Both providers accept it.
    /// </summary>
    public const string BackfillSql =
        "INSERT INTO gallery_log (\"PersonId\", \"Op\", \"PacketId\", \"Templates\", \"At\") " +
        "SELECT \"Id\", 'add', \"PacketId\", \"Templates\", \"EnrolledAt\" FROM persons ORDER BY \"Id\"";
}
