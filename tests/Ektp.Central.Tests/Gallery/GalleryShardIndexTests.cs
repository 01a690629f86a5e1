using Ektp.Central.Data;
using Ektp.Central.Gallery;
using Ektp.Hosting;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Central.Tests.Gallery;

/// <summary>The shard index of the gallery log on the test database's provider (PostgreSQL builds and drops it
/// concurrently, outside any transaction).</summary>
[Trait("Category", "Database")]
public sealed class GalleryShardIndexTests
{
    [Fact]
    public async Task The_index_of_a_new_shard_count_replaces_the_old_one_and_one_shard_needs_none()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = DatabaseSettings.Resolve(database.ConnectionString, database.DataDir, CentralApp.DatabaseFile);
        await using var db = CentralDbContext.Create(settings);
        await db.Database.MigrateAsync();

        await GalleryShardIndex.EnsureAsync(db, settings.Provider, 4, default);
        Assert.Equal([GalleryShardIndex.Name(4)], await ShardIndexesAsync(db, settings.Provider));
        await GalleryShardIndex.EnsureAsync(db, settings.Provider, 4, default);
        Assert.Equal([GalleryShardIndex.Name(4)], await ShardIndexesAsync(db, settings.Provider));

        await GalleryShardIndex.EnsureAsync(db, settings.Provider, 7, default);
        Assert.Equal([GalleryShardIndex.Name(7)], await ShardIndexesAsync(db, settings.Provider));

        await GalleryShardIndex.EnsureAsync(db, settings.Provider, 1, default);
        Assert.Empty(await ShardIndexesAsync(db, settings.Provider));
    }

    // Valid shard indexes only: on PostgreSQL an interrupted concurrent build would leave an invalid one.
    private static async Task<List<string>> ShardIndexesAsync(CentralDbContext db, DatabaseProvider provider)
    {
        var names = await db.Database.SqlQueryRaw<string>(provider == DatabaseProvider.Postgres
                ? "SELECT c.relname AS \"Value\" FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid " +
                  "JOIN pg_class t ON t.oid = i.indrelid WHERE t.relname = 'gallery_log' AND i.indisvalid"
                : "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'gallery_log'")
            .ToListAsync();
        return [.. names.Where(n => n.StartsWith("IX_gallery_log_shard_", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }
}
