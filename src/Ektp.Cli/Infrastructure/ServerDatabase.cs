using Ektp.Central.Data;
using Ektp.Hosting;
using Ektp.Hosting.Crypto;
using Ektp.Hosting.Security;
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
        // A field kit's folder holds a regional database.
        var kind = ServerDatabases.KindOf(dataDir, db,
            string.Equals(server?.Trim(), "field", StringComparison.OrdinalIgnoreCase) ? "regional" : server);
        DatabaseSettings settings;
        try
        {
            settings = ServerDatabases.SettingsOf(kind, dataDir, db);
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message);
        }

        return kind == ServerKind.Central
            ? new ServerDatabase("central", dataDir, () => ServerDatabases.Open(kind, settings), CentralAtRest.Columns)
            : new ServerDatabase("regional", dataDir, () => ServerDatabases.Open(kind, settings), RegionalAtRest.Columns);
    }
}
