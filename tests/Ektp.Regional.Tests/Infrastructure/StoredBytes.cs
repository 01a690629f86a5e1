using System.Text;
using Npgsql;

namespace Ektp.Regional.Tests.Infrastructure;

/// <summary>
/// What a thief with the database alone could read: on SQLite the bytes of the database file itself (free pages
/// included) and of its journal and WAL when they exist; on PostgreSQL every bytea and text value of every table.
/// </summary>
internal static class StoredBytes
{
    /// <summary>The names of the <paramref name="needles"/> found anywhere in the stored bytes.</summary>
    /// <param name="sqliteFile">The SQLite file name in the data folder (`regional.db`, `central.db`).</param>
    public static async Task<List<string>> FindAsync(TestDatabase database, string sqliteFile,
        IReadOnlyDictionary<string, byte[]> needles)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var bytes in await ReadAllAsync(database, sqliteFile))
        {
            foreach (var (name, needle) in needles)
            {
                if (bytes.AsSpan().IndexOf(needle) >= 0)
                {
                    found.Add(name);
                }
            }
        }

        return [.. found.Order(StringComparer.Ordinal)];
    }

    /// <summary>A stretch of <paramref name="length"/> bytes from the middle of <paramref name="bytes"/> that is not a
    /// run of a few values (zero padding would be found in any file), to look for elsewhere.</summary>
    public static byte[] Distinctive(byte[] bytes, int length = 32)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        for (var offset = 0; offset <= bytes.Length / 2; offset += 7)
        {
            foreach (var start in new[] { (bytes.Length / 2) + offset, (bytes.Length / 2) - offset })
            {
                if (start >= 0 && start + length <= bytes.Length &&
                    bytes.AsSpan(start, length).ToArray().Distinct().Count() >= length / 2)
                {
                    return bytes.AsSpan(start, length).ToArray();
                }
            }
        }

        throw new InvalidOperationException($"No distinctive {length} bytes in a value of {bytes.Length} bytes.");
    }

    private static async Task<List<byte[]>> ReadAllAsync(TestDatabase database, string sqliteFile)
    {
        if (database.ConnectionString is null)
        {
            var path = Path.Combine(database.DataDir, sqliteFile);
            var files = new List<byte[]>();
            foreach (var file in new[] { path, path + "-wal", path + "-journal" }.Where(File.Exists))
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read,
                    FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy);
                files.Add(copy.ToArray());
            }

            return files;
        }

        var values = new List<byte[]>();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column, string Type)>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' " +
            "AND data_type IN ('bytea', 'text', 'character varying', 'character', 'jsonb', 'json')", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        foreach (var (table, column, type) in columns)
        {
            await using var select = new NpgsqlCommand(
                $"SELECT \"{column}\"{(type is "json" or "jsonb" ? "::text" : "")} FROM \"{table}\" WHERE \"{column}\" IS NOT NULL",
                connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                values.Add(type == "bytea" ? reader.GetFieldValue<byte[]>(0) : Encoding.UTF8.GetBytes(reader.GetString(0)));
            }
        }

        return values;
    }
}
