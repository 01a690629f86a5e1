using System.CommandLine;
using Ektp.Central;
using Ektp.Central.Data;
using Ektp.Cli.Infrastructure;
using Ektp.Hosting;
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

    /// <summary>The server's database, migrated, with Identity over it.</summary>
    private static async Task<AccountAdmin> OpenAsync(string dataDir, string? db, string? server, CancellationToken ct)
    {
        dataDir = Path.GetFullPath(dataDir);
        var kind = server?.Trim().ToLowerInvariant() switch
        {
            "regional" => ServerKind.Regional,
            "central" => ServerKind.Central,
            null when db is null && File.Exists(Path.Combine(dataDir, CentralApp.DatabaseFile)) => ServerKind.Central,
            null when db is null && File.Exists(Path.Combine(dataDir, "regional.db")) => ServerKind.Regional,
            null => throw new CliException(
                $"--data {dataDir} holds no server database yet: start the server once, or give --server."),
            var other => throw new CliException($"--server: '{other}' is neither regional nor central."),
        };
        if (kind == ServerKind.Central)
        {
            var settings = DatabaseSettings.Resolve(db, dataDir, CentralApp.DatabaseFile);
            await using (var context = CentralDbContext.Create(settings))
            {
                await context.Database.MigrateAsync(ct);
            }

            return AccountAdmin.Open(() => CentralDbContext.Create(settings), kind);
        }

        var regional = DatabaseSettings.Resolve(db, dataDir, "regional.db");
        await using (var context = RegionalDbContext.Create(regional))
        {
            await context.Database.MigrateAsync(ct);
        }

        return AccountAdmin.Open(() => RegionalDbContext.Create(regional), kind);
    }
}
