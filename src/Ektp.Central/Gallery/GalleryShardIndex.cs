using System.Globalization;
using Ektp.Central.Data;
using Ektp.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Central.Gallery;

/// <summary>
/// The index a shard reads its part of the gallery log through: <c>("PersonId" % N, "Seq")</c> for the cluster's
/// shard count N. Without it, the page query of shard k (<c>"PersonId" % N = k AND "Seq" &gt; s ORDER BY "Seq"</c>,
/// <see cref="EfGalleryLog.PageSql"/>) walks the primary key and throws away N − 1 rows of every N, or scans the whole
/// table for every page (PostgreSQL chose that with 100 shards on 100,000 rows: 38 ms a page against 1.6 ms with the
/// index); with 190 shards of a 190 M-row log a rebuild would read the log 190 times over. The shard count is a
/// setting, not part of the model, so this index is made at start-up rather than by a migration; an index for an
/// earlier shard count is dropped. On PostgreSQL both happen <c>CONCURRENTLY</c>, so that a new shard count does not
/// block the inserts of a large log while the index is built; a concurrent build that failed leaves an invalid index
/// behind, which is dropped and built again at the next start.
/// </summary>
internal static class GalleryShardIndex
{
    private const string Prefix = "IX_gallery_log_shard_";

    public static string Name(int shardCount) => Prefix + shardCount.ToString(CultureInfo.InvariantCulture);

    /// <summary>Makes the index of <paramref name="shardCount"/> shards (none for one shard) and drops the others.</summary>
    public static async Task EnsureAsync(CentralDbContext db, DatabaseProvider provider, int shardCount,
        CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        var postgres = provider == DatabaseProvider.Postgres;
        var existing = await db.Database.SqlQueryRaw<string>(postgres
                ? "SELECT indexname AS \"Value\" FROM pg_indexes WHERE tablename = 'gallery_log'"
                : "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'gallery_log'")
            .ToListAsync(ct);
        // Only names of this form (the prefix and digits) are ever written into the SQL below.
        foreach (var name in existing.Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) &&
                                                  n.Length > Prefix.Length && n[Prefix.Length..].All(char.IsAsciiDigit) &&
                                                  (shardCount == 1 || n != Name(shardCount))))
        {
            await DropAsync(db, postgres, name, ct);
        }

        if (shardCount > 1)
        {
            if (postgres && await InvalidAsync(db, Name(shardCount), ct))
            {
                await DropAsync(db, postgres, Name(shardCount), ct);
            }

            var create = "CREATE INDEX " + (postgres ? "CONCURRENTLY " : "") + "IF NOT EXISTS \"" + Name(shardCount) +
                         "\" ON gallery_log ((\"PersonId\" % " + shardCount.ToString(CultureInfo.InvariantCulture) +
                         "), \"Seq\")";
            await db.Database.ExecuteSqlRawAsync(create, ct);
        }
    }

    private static async Task DropAsync(CentralDbContext db, bool postgres, string name, CancellationToken ct)
    {
        var drop = "DROP INDEX " + (postgres ? "CONCURRENTLY " : "") + "IF EXISTS \"" + name + "\"";
        await db.Database.ExecuteSqlRawAsync(drop, ct);
    }

    // A CREATE INDEX CONCURRENTLY that was interrupted leaves the index marked invalid; IF NOT EXISTS would keep it.
    private static async Task<bool> InvalidAsync(CentralDbContext db, string name, CancellationToken ct)
    {
        var invalid = await db.Database.SqlQueryRaw<string>(
                "SELECT c.relname AS \"Value\" FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid " +
                "WHERE c.relname = {0} AND NOT i.indisvalid", name)
            .ToListAsync(ct);
        return invalid.Count > 0;
    }
}
