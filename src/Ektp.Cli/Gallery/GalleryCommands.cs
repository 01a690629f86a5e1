using System.CommandLine;
using System.Globalization;
using Ektp.Central.Gallery;
using Ektp.Cli.Infrastructure;
using Ektp.Hosting;
using Ektp.Hosting.Crypto;
using Microsoft.Extensions.Hosting;

namespace Ektp.Cli.Gallery;

/// <summary>`ektp gallery silo`: one silo of the sharded national gallery (docs/scale.md).</summary>
internal static class GalleryCommands
{
    public static Command Create()
    {
        var command = new Command("gallery", "The sharded national fingerprint gallery on an Orleans cluster");
        command.Subcommands.Add(Silo());
        return command;
    }

    /// <summary>HOST:PORT of a Redis server, checked; the one-line error names the option.</summary>
    public static string RedisAddress(string? value, string option)
    {
        var colon = value?.LastIndexOf(':') ?? -1;
        if (value is null || colon <= 0 ||
            !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ||
            port is < 1 or > 65535)
        {
            throw new CliException($"{option}: '{value}' is not HOST:PORT of a Redis server (e.g. 127.0.0.1:6379).");
        }

        return value;
    }

    private static Command Silo()
    {
        var redis = new Option<string>("--redis") { Description = "Redis HOST:PORT holding the cluster's membership", Required = true };
        var db = new Option<string>("--db")
        {
            Description = "The central database whose gallery log the shards load: a PostgreSQL connection string, " +
                          "or the path of the central server's SQLite file (…/central.db)",
            Required = true,
        };
        var siloPort = new Option<int>("--silo-port") { Description = "Port for silo-to-silo traffic", DefaultValueFactory = _ => 11111 };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "Port clients (the central server) connect to", DefaultValueFactory = _ => 30000 };
        var command = new Command("silo", "Run one gallery silo: hosts shard grains that load and search the gallery log " +
                                          "(its templates opened with the central server's data keys and master key)")
        {
            redis, db, siloPort, gatewayPort, MasterKeyOption.File,
        };
        command.SetAction(async (parse, ct) =>
        {
            var address = RedisAddress(parse.GetValue(redis), "--redis");
            var (silo, gateway) = (parse.GetValue(siloPort), parse.GetValue(gatewayPort));
            if (silo is < 1 or > 65535 || gateway is < 1 or > 65535 || silo == gateway)
            {
                throw new CliException("--silo-port and --gateway-port are two different ports 1–65535.");
            }

            var database = DatabaseSettings.Resolve(parse.GetValue(db), Environment.CurrentDirectory, "central.db");
            if (database.Provider == DatabaseProvider.Sqlite && !File.Exists(SqliteFile(database.ConnectionString)))
            {
                throw new CliException($"--db: no central database at {SqliteFile(database.ConnectionString)}.");
            }

            // The default master key is the central server's: DIR/keys/master.key beside its SQLite file.
            var dataDir = database.Provider == DatabaseProvider.Sqlite
                ? Path.GetDirectoryName(Path.GetFullPath(SqliteFile(database.ConnectionString)))!
                : Environment.CurrentDirectory;
            using var master = new MasterKeySource(dataDir, MasterKeyOption.FullPath(parse)).Load(createDefault: false);
            using var host = await GallerySilo.BuildAsync(address, database, master, silo, gateway, ct);
            await host.StartAsync(ct);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Gallery silo up: silo port {silo}, gateway port {gateway}, membership in Redis {address}"));
            await host.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }

    private static string SqliteFile(string connectionString) =>
        new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
}
