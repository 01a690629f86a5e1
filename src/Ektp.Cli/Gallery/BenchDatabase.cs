using Ektp.Cli.Infrastructure;
using Ektp.Hosting;
using Npgsql;

namespace Ektp.Cli.Gallery;

/// <summary>
/// The throw-away PostgreSQL database of `ektp bench gallery --db`: made on the given server under a fresh name, so
/// that the benchmark never writes into a database that holds anything, and dropped at the end.
/// </summary>
internal static class BenchDatabase
{
    public static async Task<DatabaseSettings> CreateAsync(DatabaseSettings server, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString);
        var name = "ektp_gallery_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(Maintenance(builder)))
        {
            try
            {
                await connection.OpenAsync(ct);
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await create.ExecuteNonQueryAsync(ct);
            }
            catch (NpgsqlException e)
            {
                throw new CliException($"could not make a benchmark database on {builder.Host}:{builder.Port}: {e.Message}");
            }
        }

        builder.Database = name;
        builder.Pooling = true;
        return new DatabaseSettings(DatabaseProvider.Postgres, builder.ConnectionString);
    }

    public static async Task DropAsync(DatabaseSettings server, DatabaseSettings bench)
    {
        var name = new NpgsqlConnectionStringBuilder(bench.ConnectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Maintenance(new NpgsqlConnectionStringBuilder(server.ConnectionString)));
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    // CREATE and DROP DATABASE run from another database of the server: the one named, or "postgres".
    private static string Maintenance(NpgsqlConnectionStringBuilder builder) =>
        new NpgsqlConnectionStringBuilder(builder.ConnectionString)
        {
            Database = string.IsNullOrEmpty(builder.Database) ? "postgres" : builder.Database,
            Pooling = false,
        }.ConnectionString;
}
