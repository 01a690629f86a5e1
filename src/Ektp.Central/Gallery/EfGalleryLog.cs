using System.Runtime.ExceptionServices;
using Ektp.Central.Data;
using Ektp.Central.Pipeline;
using Ektp.Gallery;
using Ektp.Hosting;
using Ektp.Hosting.Crypto;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Central.Gallery;

/// <summary>
/// The gallery log as the shards read it: the central database's <c>gallery_log</c>, one page at a time, its
/// templates opened with the centre's data keys. <paramref name="refreshKeys"/> (a silo's) reloads the keys when a
/// page holds a value sealed under a key made after they were loaded (a rotation while the silo runs).
/// </summary>
internal sealed class EfGalleryLog(DatabaseSettings database, DataCipher cipher,
    Func<CancellationToken, Task>? refreshKeys = null) : IGalleryLog
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
            .Select(e => new { e.Seq, e.PersonId, e.Op, e.PacketId, e.Templates }).ToListAsync(ct);

        if (refreshKeys is not null && rows.Any(r => r.Templates is { } t && AtRestEnvelope.IsSealed(t) &&
                                                     !cipher.KeyIds.Contains(AtRestEnvelope.KeyIdOf(t))))
        {
            await refreshKeys(ct);
        }

        // Opening and unpacking is most of a rebuild's time, so all cores do it.
        var records = new GalleryLogRecord[rows.Count];
        try
        {
            Parallel.For(0, rows.Count, i =>
            {
                var row = rows[i];
                records[i] = new GalleryLogRecord(row.Seq, row.PersonId,
                    row is { Op: GalleryLogEntry.Add, Templates: not null, PacketId: { } packetId }
                        ? EnrolledPerson.UnpackTemplates(cipher, packetId, row.Templates)
                        : null);
            });
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            // The first failure as itself (a value that does not open is an AtRestException, not an aggregate).
            ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
        }

        return records;
    }
}
