using System.CommandLine;
using Ektp.Cli.Infrastructure;
using Ektp.Hosting;
using Ektp.Regional.Data;
using Ektp.Regional.FieldKits;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Cli.Regional;

/// <summary>
/// `ektp regional add-office` and `ektp regional revoke-office`: register a field kit's public key at its regional
/// server, or revoke it, as `ektp central add-office` registers a regional server at the centre.
/// </summary>
internal static class FieldKitCommands
{
    public static Command AddOffice()
    {
        var data = DataOption();
        var db = DbOption();
        var key = new Option<string>("--key") { Description = "The field kit's public key (PEM, from `ektp keys show`)", Required = true };
        var name = new Option<string?>("--name") { Description = "A name for the kit, e.g. \"Mobil Sekolah 1\"" };
        var command = new Command("add-office", "Register a field kit's public key at this regional server") { data, db, key, name };
        command.SetAction(async (parse, ct) =>
        {
            var pem = await ReadKeyAsync(parse.GetValue(key)!, ct);
            await using var context = await OpenAsync(parse.GetValue(data)!, parse.GetValue(db), ct);
            var outcome = await FieldKitRegistry.RegisterAsync(context, pem, parse.GetValue(name), by: null,
                DateTime.UtcNow, ct);
            var kit = Done(outcome);
            Console.Out.WriteLine(((FieldKitOutcome.Done)outcome).Existing
                ? $"Field kit {kit.Name} (key {kit.KeyId}) was already registered" +
                  (kit.RevokedAt is null ? "" : $", and is revoked since {kit.RevokedAt:yyyy-MM-dd}")
                : $"Registered field kit {kit.Name}, key {kit.KeyId}");
            return 0;
        });
        return command;
    }

    public static Command RevokeOffice()
    {
        var data = DataOption();
        var db = DbOption();
        var key = new Option<string?>("--key") { Description = "The field kit's public key (PEM)" };
        var keyId = new Option<string?>("--key-id") { Description = "Or the kit's key id (32 hex digits)" };
        var reason = new Option<string>("--reason") { Description = "Why the kit is revoked", Required = true };
        var by = new Option<string>("--by")
        {
            Description = "Who revokes it",
            DefaultValueFactory = _ => Environment.UserName,
        };
        var command = new Command("revoke-office", "Revoke a field kit: its requests and packets are refused from now on")
        {
            data, db, key, keyId, reason, by,
        };
        command.SetAction(async (parse, ct) =>
        {
            var id = parse.GetValue(keyId);
            if (parse.GetValue(key) is { } file)
            {
                id = FieldKitRegistry.KeyIdOf(await ReadKeyAsync(file, ct))
                    ?? throw new CliException($"{file} is not an EC public key in PEM form.");
            }

            if (id is null)
            {
                throw new CliException("Give the kit's key (--key FILE) or its key id (--key-id).");
            }

            await using var context = await OpenAsync(parse.GetValue(data)!, parse.GetValue(db), ct);
            var kit = Done(await FieldKitRegistry.RevokeAsync(context, id, parse.GetValue(by), parse.GetValue(reason),
                DateTime.UtcNow, ct));
            Console.Out.WriteLine($"Revoked field kit {kit.Name} (key {kit.KeyId})");
            return 0;
        });
        return command;
    }

    private static Option<string> DataOption() =>
        new("--data") { Description = "Data folder of the regional server", Required = true };

    private static Option<string?> DbOption() =>
        new("--db") { Description = "PostgreSQL connection string; default: SQLite file in --data" };

    private static async Task<string> ReadKeyAsync(string file, CancellationToken ct) =>
        File.Exists(file) ? await File.ReadAllTextAsync(file, ct) : throw new CliException($"Key file not found: {file}");

    private static FieldKitRecord Done(FieldKitOutcome outcome) => outcome switch
    {
        FieldKitOutcome.Done done => done.Kit,
        FieldKitOutcome.Refused refused => throw new CliException(refused.Message),
        _ => throw new InvalidOperationException("Unknown field kit outcome"),
    };

    /// <summary>The regional database of <paramref name="dataDir"/>, migrated; refuses a folder that holds none.</summary>
    private static async Task<RegionalDbContext> OpenAsync(string dataDir, string? db, CancellationToken ct)
    {
        var folder = Path.GetFullPath(dataDir);
        DatabaseSettings database;
        try
        {
            database = DatabaseSettings.Resolve(db, folder, "regional.db");
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message);
        }

        if (db is null && !File.Exists(Path.Combine(folder, "regional.db")))
        {
            throw new CliException($"{folder} is not the data folder of a regional server (no regional.db); " +
                                   "start `ektp regional` on it first.");
        }

        var context = RegionalDbContext.Create(database);
        await context.Database.MigrateAsync(ct);
        if (!await context.Settings.AnyAsync(s => s.Key == Ektp.Regional.RegionalApp.RegionKey, ct))
        {
            await context.DisposeAsync();
            throw new CliException($"The database of {folder} holds no regional registry; start `ektp regional` on it first.");
        }

        return context;
    }
}
