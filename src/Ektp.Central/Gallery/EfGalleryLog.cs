using System.Data.Common;
using System.Globalization;
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
        var rows = await ReadRowsAsync(shard, shardCount, afterSeq, max, ct);
        if (refreshKeys is not null && rows.Any(r => r.Templates is { } t && AtRestEnvelope.IsSealed(t) &&
                                                     !cipher.KeyIds.Contains(AtRestEnvelope.KeyIdOf(t))))
        {
            await refreshKeys(ct);
        }

        // Opening and unpacking is most of the reading's time, so all cores do it.
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

    /// <summary>
    /// The SQL of a page, the same on SQLite and PostgreSQL. The shard count is written into the text, not passed as
    /// a parameter: the expression <c>"PersonId" % N</c> must be literally the one of the shard's index
    /// (<see cref="GalleryShardIndex"/>) for the planner to use it.
    /// </summary>
    internal static string PageSql(int shard, int shardCount) =>
        "SELECT \"Seq\", \"PersonId\", \"Op\", \"PacketId\", \"Templates\" FROM gallery_log WHERE " +
        (shardCount > 1
            ? string.Create(CultureInfo.InvariantCulture, $"\"PersonId\" % {shardCount} = {shard} AND ")
            : "") +
        "\"Seq\" > @after ORDER BY \"Seq\" LIMIT @max";

    // A raw data reader rather than EF's materialisation: a rebuild reads millions of rows, and EF spent more time
    // per row than reading and opening it.
    private async Task<List<Row>> ReadRowsAsync(int shard, int shardCount, long afterSeq, int max,
        CancellationToken ct)
    {
        await using var db = CentralDbContext.Create(database);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = PageSql(shard, shardCount);
        Add(command, "@after", afterSeq);
        Add(command, "@max", max);
        var rows = new List<Row>(Math.Min(max, 16_384));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new Row(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<byte[]>(4)));
        }

        return rows;
    }

    private static void Add(DbCommand command, string name, long value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private sealed record Row(long Seq, long PersonId, string Op, Guid? PacketId, byte[]? Templates);
}
