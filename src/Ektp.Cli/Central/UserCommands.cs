using System.CommandLine;
using Ektp.Central;
using Ektp.Central.Data;
using Ektp.Cli.Infrastructure;
using Ektp.Hosting;
using Ektp.Hosting.Audit;
using Ektp.Hosting.Security;
using Ektp.Regional.Data;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Cli.Central;

/// <summary>
/// `ektp user add|reset|lock|unlock|list --data DIR [--db CONNSTR] [--server regional|central]`: staff accounts of a
/// regional or central server, made on its database without the server running (or while it runs).
/// </summary>
internal static class UserCommands
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Data folder of the server", Required = true };
        var db = new Option<string?>("--db") { Description = "PostgreSQL connection string (default: SQLite in --data)" };
        var server = new Option<string?>("--server")
        {
            Description = "regional | central (found from the SQLite file in --data when not given)",
        };
        var user = new Option<string>("--user") { Description = "User name (letters, digits, . - _ @)", Required = true };
        var role = new Option<string>("--role")
        {
            Description = "Regional: operator-perekaman | operator-cetak | supervisor | admin | reporting; " +
                          "central: adjudicator | central-admin | reporting",
            Required = true,
        };
        var passwordStdin = new Option<bool>("--password-stdin")
        {
            Description = "Read the password from standard input (kept as given); otherwise a one-time password is " +
                          "printed and must be changed at the first sign-in",
        };

        var add = new Command("add", "Add an account with one role") { data, db, server, user, role, passwordStdin };
        add.SetAction(async (parse, ct) =>
        {
            var password = parse.GetValue(passwordStdin) ? await ReadPasswordAsync(ct) : null;
            await using var accounts = await OpenAsync(parse.GetValue(data)!, parse.GetValue(db), parse.GetValue(server), ct);
            var name = parse.GetValue(user)!;
            var given = await Run(() => accounts.AddAsync(name, parse.GetValue(role)!, password, mustChange: password is null));
            await AuditAsync(parse.GetValue(data)!, parse.GetValue(db), parse.GetValue(server),
                new AuditEvent(AuditActions.AccountAdd, null, $"account {name}, role {parse.GetValue(role)}"), ct);
            Report(name, password is null ? given : null, "added");
            return 0;
        });

        var reset = new Command("reset", "Give an account a new one-time password and unlock it")
            { data, db, server, user, passwordStdin };
        reset.SetAction(async (parse, ct) =>
        {
            var password = parse.GetValue(passwordStdin) ? await ReadPasswordAsync(ct) : null;
            await using var accounts = await OpenAsync(parse.GetValue(data)!, parse.GetValue(db), parse.GetValue(server), ct);
            var name = parse.GetValue(user)!;
            var given = await Run(() => accounts.ResetAsync(name, password, mustChange: password is null));
            await AuditAsync(parse.GetValue(data)!, parse.GetValue(db), parse.GetValue(server),
                new AuditEvent(AuditActions.AccountReset, null, $"account {name}"), ct);
            Report(name, password is null ? given : null, "reset");
            return 0;
        });

        var lockCommand = new Command("lock", "Lock an account until it is unlocked") { data, db, server, user };
        lockCommand.SetAction(async (parse, ct) =>
        {
            await using var accounts = await OpenAsync(parse.GetValue(data)!, parse.GetValue(db), parse.GetValue(server), ct);
            await Run(async () =>
            {
                await accounts.LockAsync(parse.GetValue(user)!);
                return "";
            });
            await AuditAsync(parse.GetValue(data)!, parse.GetValue(db), parse.GetValue(server),
                new AuditEvent(AuditActions.AccountLock, null, $"account {parse.GetValue(user)}"), ct);
            Console.Out.WriteLine($"Account '{parse.GetValue(user)}' locked.");
            return 0;
        });

        var unlock = new Command("unlock", "Unlock an account") { data, db, server, user };
        unlock.SetAction(async (parse, ct) =>
        {
            await using var accounts = await OpenAsync(parse.GetValue(data)!, parse.GetValue(db), parse.GetValue(server), ct);
            await Run(async () =>
            {
                await accounts.UnlockAsync(parse.GetValue(user)!);
                return "";
            });
            await AuditAsync(parse.GetValue(data)!, parse.GetValue(db), parse.GetValue(server),
                new AuditEvent(AuditActions.AccountUnlock, null, $"account {parse.GetValue(user)}"), ct);
            Console.Out.WriteLine($"Account '{parse.GetValue(user)}' unlocked.");
            return 0;
        });

        var list = new Command("list", "List the accounts with their roles") { data, db, server };
        list.SetAction(async (parse, ct) =>
        {
            await using var accounts = await OpenAsync(parse.GetValue(data)!, parse.GetValue(db), parse.GetValue(server), ct);
            foreach (var a in await accounts.ListAsync())
            {
                Console.Out.WriteLine($"{a.User,-24} {string.Join(",", a.Roles),-32}" +
                                      $"{(a.Locked ? " locked" : "")}{(a.MustChangePassword ? " must-change-password" : "")}" +
                                      $"{(a.TwoFactorEnabled ? " totp" : "")}");
            }

            return 0;
        });

        return new Command("user", "Staff accounts of a regional or central server")
            { add, reset, lockCommand, unlock, list };
    }

    private static async Task<string> Run(Func<Task<string>> action)
    {
        try
        {
            return await action();
        }
        catch (AccountException ex)
        {
            throw new CliException(ex.Message);
        }
    }

    private static void Report(string user, string? oneTime, string what)
    {
        Console.Out.WriteLine(oneTime is null
            ? $"Account '{user}' {what}."
            : $"Account '{user}' {what}. One-time password: {oneTime} (to be changed at the first sign-in)");
    }

    private static async Task<string> ReadPasswordAsync(CancellationToken ct)
    {
        var line = (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n');
        return string.IsNullOrEmpty(line) ? throw new CliException("--password-stdin: no password on standard input.") : line;
    }

    /// <summary>
    /// A change of an account is written to the server's audit log like the server's own actions, the actor being
    /// the operating-system account that ran the command (the database is the server's, the chain the same).
    /// </summary>
    private static async Task AuditAsync(string dataDir, string? db, string? server, AuditEvent what,
        CancellationToken ct)
    {
        dataDir = Path.GetFullPath(dataDir);
        var kind = ServerDatabases.KindOf(dataDir, db, server);
        await using var context = ServerDatabases.Open(kind, ServerDatabases.SettingsOf(kind, dataDir, db));
        using var log = new AuditLog(TimeProvider.System);
        await log.AppendAsync(context, new AuditActor("cli:" + Environment.UserName, "", null), [what], ct);
    }

    /// <summary>The server's database, migrated, with Identity over it.</summary>
    private static async Task<AccountAdmin> OpenAsync(string dataDir, string? db, string? server, CancellationToken ct)
    {
        dataDir = Path.GetFullPath(dataDir);
        var kind = ServerDatabases.KindOf(dataDir, db, server);
        var settings = ServerDatabases.SettingsOf(kind, dataDir, db);
        await using (var context = ServerDatabases.Open(kind, settings))
        {
            await context.Database.MigrateAsync(ct);
        }

        return kind == ServerKind.Central
            ? AccountAdmin.Open(() => CentralDbContext.Create(settings), kind)
            : AccountAdmin.Open(() => RegionalDbContext.Create(settings), kind);
    }
}
