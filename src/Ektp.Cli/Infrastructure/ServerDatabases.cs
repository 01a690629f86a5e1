using Ektp.Central;
using Ektp.Central.Data;
using Ektp.Hosting;
using Ektp.Hosting.Security;
using Ektp.Regional.Data;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Cli.Infrastructure;

/// <summary>
/// The database of a server's data folder for the commands that work on it without the server (`ektp user`,
/// `ektp audit`): which kind of server it is (given by --server, or found from the SQLite file in the folder) and
/// a context of it.
/// </summary>
internal static class ServerDatabases
{
    public const string RegionalFile = "regional.db";

    public static ServerKind KindOf(string dataDir, string? db, string? server) =>
        server?.Trim().ToLowerInvariant() switch
        {
            "regional" => ServerKind.Regional,
            "central" => ServerKind.Central,
            null when db is null && File.Exists(Path.Combine(dataDir, CentralApp.DatabaseFile)) => ServerKind.Central,
            null when db is null && File.Exists(Path.Combine(dataDir, RegionalFile)) => ServerKind.Regional,
            null => throw new CliException(
                $"--data {dataDir} holds no server database yet: start the server once, or give --server."),
            var other => throw new CliException($"--server: '{other}' is neither regional nor central."),
        };

    public static DatabaseSettings SettingsOf(ServerKind kind, string dataDir, string? db) =>
        DatabaseSettings.Resolve(db, dataDir, kind == ServerKind.Central ? CentralApp.DatabaseFile : RegionalFile);

    public static DbContext Open(ServerKind kind, DatabaseSettings settings) => kind == ServerKind.Central
        ? CentralDbContext.Create(settings)
        : RegionalDbContext.Create(settings);
}
