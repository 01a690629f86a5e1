using Ektp.Central.Data;
using Ektp.Central.Pipeline;
using Ektp.Gallery;
using Ektp.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Central.Gallery;

/// <summary>The gallery log as the shards read it: the central database's <c>gallery_log</c>, one page at a time.</summary>
internal sealed class EfGalleryLog(DatabaseSettings database) : IGalleryLog
{
    public async Task<IReadOnlyList<GalleryLogRecord>> ReadAsync(int shard, int shardCount, long afterSeq, int max,
        CancellationToken ct)
    {
        await using var db = CentralDbContext.Create(database);
        var query = db.GalleryLog.AsNoTracking().Where(e => e.Seq > afterSeq);
        if (shardCount > 1)
        {
            query = query.Where(e => e.PersonId % shardCount == shard);
        }

        var rows = await query.OrderBy(e => e.Seq).Take(max)
            .Select(e => new { e.Seq, e.PersonId, e.Op, e.Templates }).ToListAsync(ct);

        // Unpacking is most of a rebuild's time, so all cores do it.
        var records = new GalleryLogRecord[rows.Count];
        Parallel.For(0, rows.Count, i =>
        {
            var row = rows[i];
            records[i] = new GalleryLogRecord(row.Seq, row.PersonId,
                row.Op == GalleryLogEntry.Add && row.Templates is not null
                    ? EnrolledPerson.UnpackTemplates(row.Templates)
                    : null);
        });
        return records;
    }
}
