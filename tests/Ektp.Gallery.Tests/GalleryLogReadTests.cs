using Ektp.Biometrics;
using Ektp.Central.Gallery;
using Ektp.Gallery.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Gallery.Tests;

public sealed class GalleryLogReadTests
{
    [Fact]
    public async Task Each_shard_reads_exactly_its_own_entries_in_log_order_page_by_page()
    {
        using var database = await LogDatabase.CreateAsync();
        var persons = ShardedSearchTests.Generate(40);
        var ids = await database.PreloadAsync(persons);
        await using (var db = database.Open())
        {
            GalleryLog.Removed(db, ids[5], DateTime.UtcNow);
            GalleryLog.Removed(db, ids[6], DateTime.UtcNow);
            await db.SaveChangesAsync();
            await GalleryShardIndex.EnsureAsync(db, database.Settings.Provider, 4, default);
        }

        var log = new EfGalleryLog(database.Settings, database.Cipher);
        for (var shard = 0; shard < 4; shard++)
        {
            var read = new List<GalleryLogRecord>();
            for (long after = 0; ;)
            {
                var page = await log.ReadAsync(shard, 4, after, 3, default);
                read.AddRange(page);
                if (page.Count < 3)
                {
                    break;
                }

                after = page[^1].Seq;
            }

            var expected = ids.Where(id => id % 4 == shard).Concat(new[] { ids[5], ids[6] }.Where(id => id % 4 == shard));
            Assert.Equal(expected, read.Select(r => r.PersonId));
            Assert.True(read.Select(r => r.Seq).SequenceEqual(read.Select(r => r.Seq).Order()));
            foreach (var added in read.Where(r => r.Fingers is not null))
            {
                var person = persons[ids.IndexOf(added.PersonId)];
                Assert.Equal(person.Keys.Order(), added.Fingers!.Keys.Order());
                Assert.Equal(person[FingerPosition.RightThumb].ToBytes(), added.Fingers[FingerPosition.RightThumb].ToBytes());
            }

            Assert.Equal(new[] { ids[5], ids[6] }.Count(id => id % 4 == shard), read.Count(r => r.Fingers is null));
        }
    }

    [Fact]
    public async Task The_shard_index_follows_the_shard_count_and_serves_the_page_query()
    {
        using var database = await LogDatabase.CreateAsync();
        await using var db = database.Open();
        await GalleryShardIndex.EnsureAsync(db, database.Settings.Provider, 6, default);
        Assert.Equal(["IX_gallery_log_shard_6"], await ShardIndexesAsync(db));

        using (var connection = new SqliteConnection(database.Settings.ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + EfGalleryLog.PageSql(2, 6);
            command.Parameters.AddWithValue("@after", 0L);
            command.Parameters.AddWithValue("@max", 100L);
            using var reader = command.ExecuteReader();
            var plan = new List<string>();
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }

            Assert.Contains(plan, step => step.Contains("IX_gallery_log_shard_6", StringComparison.Ordinal));
        }

        await GalleryShardIndex.EnsureAsync(db, database.Settings.Provider, 3, default);
        Assert.Equal(["IX_gallery_log_shard_3"], await ShardIndexesAsync(db));
        await GalleryShardIndex.EnsureAsync(db, database.Settings.Provider, 1, default);
        Assert.Empty(await ShardIndexesAsync(db));
    }

    private static Task<List<string>> ShardIndexesAsync(Ektp.Central.Data.CentralDbContext db) =>
        db.Database.SqlQueryRaw<string>(
                "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index' AND name LIKE 'IX_gallery_log_shard_%'")
            .ToListAsync();
}
