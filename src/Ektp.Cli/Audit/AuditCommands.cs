using System.CommandLine;
using System.Globalization;
using Ektp.Cli.Infrastructure;
using Ektp.Hosting;
using Ektp.Hosting.Audit;
using Ektp.Hosting.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Cli.Audit;

/// <summary>
/// `ektp audit verify --data DIR [--db CONNSTR] [--server regional|central] [--expect SEQ:HASH]`: walks the hash
/// chain of a server's audit log (without the server, read-only) and prints the entries checked, the head and the
/// first broken link; exit 0 when intact, 1 when broken. `ektp audit bench` measures what the log costs.
/// </summary>
internal static class AuditCommands
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Data folder of the server", Required = true };
        var db = new Option<string?>("--db") { Description = "PostgreSQL connection string (default: SQLite in --data)" };
        var server = new Option<string?>("--server")
        {
            Description = "regional | central (found from the SQLite file in --data when not given)",
        };
        var expect = new Option<string?>("--expect")
        {
            Description = "An anchor SEQ:HASH written down earlier (the head shown by this command or on /audit): " +
                          "the entry must still be there, unchanged, so a cut tail or a rewritten log is found too",
        };
        var verify = new Command("verify", "Check that no audit entry was changed, removed or reordered")
        {
            data, db, server, expect,
        };
        verify.SetAction(async (parse, ct) =>
        {
            var anchorText = parse.GetValue(expect);
            var anchor = anchorText is null ? null : AuditHead.TryParse(anchorText)
                ?? throw new CliException($"--expect: '{anchorText}' is not SEQ:HASH (a number, ':', 64 hex digits).");
            return await VerifyAsync(Path.GetFullPath(parse.GetValue(data)!), parse.GetValue(db), parse.GetValue(server),
                anchor, Console.Out, ct);
        });

        return new Command("audit", "The audit log of a regional or central server") { verify, AuditBenchCommand.Create() };
    }

    internal static async Task<int> VerifyAsync(string dataDir, string? db, string? server, AuditHead? anchor,
        TextWriter output, CancellationToken ct)
    {
        var kind = ServerDatabases.KindOf(dataDir, db, server);
        var settings = ServerDatabases.SettingsOf(kind, dataDir, db);
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            // Read-only: a check never writes, and never makes an empty database where there was none.
            var sqlite = new SqliteConnectionStringBuilder(settings.ConnectionString);
            if (!File.Exists(sqlite.DataSource))
            {
                throw new CliException($"No database at {sqlite.DataSource}.");
            }

            sqlite.Mode = SqliteOpenMode.ReadOnly;
            settings = settings with { ConnectionString = sqlite.ToString() };
        }

        await using var context = ServerDatabases.Open(kind, settings);
        AuditVerification result;
        try
        {
            result = await AuditVerify.RunAsync(context, anchor, ct);
        }
        catch (Exception ex) when (ex is SqliteException or Npgsql.PostgresException &&
                                   ex.Message.Contains(AuditEntry.TableName, StringComparison.Ordinal))
        {
            throw new CliException(
                $"This database has no audit log ({AuditEntry.TableName}): start the server of this version once.");
        }

        var where = settings.Provider == DatabaseProvider.Sqlite
            ? new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource
            : "PostgreSQL";
        output.WriteLine($"Audit log of the {(kind == ServerKind.Central ? "central" : "regional")} server ({where})");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"entries checked: {result.Checked}"));
        output.WriteLine($"head: {result.Head?.ToString() ?? "(empty log)"}");
        if (anchor is not null && result.Intact)
        {
            output.WriteLine($"anchor {anchor}: present and unchanged");
        }

        if (result.Break is { } broken)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"BROKEN at entry {broken.Seq}: {broken.Reason}"));
            return 1;
        }

        output.WriteLine("intact");
        return 0;
    }
}
