using Ektp.Central;
using Ektp.Central.Data;
using Ektp.Hosting;
using Ektp.Hosting.Crypto;
using Ektp.Regional.Data;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Cli.Infrastructure;

/// <summary>
/// The database of a regional server, field kit or central server, found from its data folder (the SQLite file in
/// it) or named with <c>--server</c> when it is on PostgreSQL; with the columns that are sealed at rest in it.
/// </summary>
internal sealed record ServerDatabase(string Kind, string DataDir, Func<DbContext> Create,
    IReadOnlyList<ProtectedColumn> Columns)
{
    public static ServerDatabase Resolve(string dataDir, string? db, string? server)
    {
        dataDir = Path.GetFullPath(dataDir);
        var kind = server?.Trim().ToLowerInvariant() switch
        {
            "regional" or "field" => "regional",
            "central" => "central",
            null when db is null && File.Exists(Path.Combine(dataDir, CentralApp.DatabaseFile)) => "central",
            null when db is null && File.Exists(Path.Combine(dataDir, "regional.db")) => "regional",
            null => throw new CliException(
                $"--data {dataDir} holds no server database yet: start the server once, or give --server."),
            var other => throw new CliException($"--server: '{other}' is neither regional nor central."),
        };
        DatabaseSettings settings;
        try
        {
            settings = DatabaseSettings.Resolve(db, dataDir, kind == "central" ? CentralApp.DatabaseFile : "regional.db");
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message);
        }

        return kind == "central"
            ? new ServerDatabase(kind, dataDir, () => CentralDbContext.Create(settings), CentralAtRest.Columns)
            : new ServerDatabase(kind, dataDir, () => RegionalDbContext.Create(settings), RegionalAtRest.Columns);
    }
}
