using Npgsql;

namespace Ektp.Regional.Tests.Infrastructure;

/// <summary>
/// The database a test runs against: a SQLite file in a fresh folder by default, or — when EKTP_TEST_DB=postgres —
/// a fresh database on the PostgreSQL server named by EKTP_TEST_POSTGRES (CI starts one with .ci/start-postgres).
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _adminConnection;
    private readonly string? _databaseName;

    private TestDatabase(string dataDir, string? connectionString, string? adminConnection, string? databaseName)
    {
        DataDir = dataDir;
        ConnectionString = connectionString;
        _adminConnection = adminConnection;
        _databaseName = databaseName;
    }

    public string DataDir { get; }

    /// <summary>The `--db` value: null for the SQLite default.</summary>
    public string? ConnectionString { get; }

    public static bool UsePostgres =>
        string.Equals(Environment.GetEnvironmentVariable("EKTP_TEST_DB"), "postgres", StringComparison.OrdinalIgnoreCase);

    public static async Task<TestDatabase> CreateAsync()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "ektp-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        if (!UsePostgres)
        {
            return new TestDatabase(dataDir, null, null, null);
        }

        var admin = Environment.GetEnvironmentVariable("EKTP_TEST_POSTGRES")
            ?? throw new InvalidOperationException(
                "EKTP_TEST_DB=postgres needs EKTP_TEST_POSTGRES (a connection string to a server where databases may be created)");
        var name = "ektp_t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(dataDir, builder.ConnectionString, admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_adminConnection is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_adminConnection);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite file still held by a pooled connection; the temp folder is cleaned by the OS.
        }
    }
}
