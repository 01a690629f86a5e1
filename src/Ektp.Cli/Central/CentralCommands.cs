using System.CommandLine;
using Ektp.Central;
using Ektp.Central.Data;
using Ektp.Central.Offices;
using Ektp.Cli.Gallery;
using Ektp.Cli.Infrastructure;
using Ektp.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ektp.Cli.Central;

/// <summary>`ektp central` (run the central server) and `ektp central add-office` (register a sending office).</summary>
internal static class CentralCommands
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Address to listen on", DefaultValueFactory = _ => "http://127.0.0.1:5090" };
        var data = new Option<string>("--data") { Description = "Data folder of the central server", Required = true };
        var db = new Option<string?>("--db") { Description = "PostgreSQL connection string; default: SQLite file in --data" };
        var certificate = new Option<string?>("--certificate")
        {
            Description = "TLS certificate for an https:// address (.pfx with the password in EKTP_CERTIFICATE_PASSWORD, " +
                          "or PEM with its key); default: a self-signed one made in --data",
        };
        var cluster = new Option<string?>("--gallery-cluster")
        {
            Description = "Redis HOST:PORT of a gallery cluster (`ektp gallery silo`): search the national gallery's " +
                          "shards there instead of holding the gallery in this process",
        };
        var shards = new Option<int>("--gallery-shards")
        {
            Description = "Shards of the gallery on the cluster (with --gallery-cluster)",
            DefaultValueFactory = _ => 6,
        };
        var command = new Command("central", "Run the central server (Ditjen Dukcapil): packet intake and deduplication")
        {
            urls, data, db, certificate, cluster, shards, MasterKeyOption.File,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new CentralSettings
            {
                Urls = parse.GetValue(urls)!,
                DataDir = Path.GetFullPath(parse.GetValue(data)!),
                Db = parse.GetValue(db),
                MasterKeyFile = MasterKeyOption.FullPath(parse),
                CertificateFile = FullPathOrNull(parse.GetValue(certificate)),
                GalleryCluster = parse.GetValue(cluster) is { } redis
                    ? GalleryCommands.RedisAddress(redis, "--gallery-cluster")
                    : null,
                GalleryShards = parse.GetValue(shards) is >= 1 and <= 10_000 and var n
                    ? n
                    : throw new CliException("--gallery-shards is 1–10,000."),
            };
            await using var app = await StartAsync(settings, ct);
            Console.Out.WriteLine($"Central server listening on {app.BoundUrl()} (data: {settings.DataDir})");
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        command.Subcommands.Add(AddOffice());
        command.Subcommands.Add(CentralBenchCommand.Create());
        return command;
    }

    private static string? FullPathOrNull(string? path) => path is null ? null : Path.GetFullPath(path);

    public static async Task<WebApplication> StartAsync(CentralSettings settings, CancellationToken ct)
    {
        var app = CentralApp.Build(settings);
        await CentralApp.PrepareDatabaseAsync(app.Services, ct);

        await app.StartAsync(ct);
        return app;
    }

    private static Command AddOffice()
    {
        var data = new Option<string>("--data") { Description = "Data folder of the central server", Required = true };
        var db = new Option<string?>("--db") { Description = "PostgreSQL connection string; default: SQLite file in --data" };
        var region = new Option<string>("--region") { Description = "Kab/kota code of the office, e.g. 1472", Required = true };
        var key = new Option<string>("--key") { Description = "The office's public key (PEM, from `ektp keys show`)", Required = true };
        var command = new Command("add-office", "Register a regional server's public key for its region") { data, db, region, key };
        command.SetAction(async (parse, ct) =>
        {
            var keyFile = parse.GetValue(key)!;
            if (!File.Exists(keyFile))
            {
                throw new CliException($"Key file not found: {keyFile}");
            }

            var settings = new CentralSettings { DataDir = Path.GetFullPath(parse.GetValue(data)!), Db = parse.GetValue(db) };
            var office = await RegisterAsync(settings, parse.GetValue(region)!, await File.ReadAllTextAsync(keyFile, ct), ct);
            Console.Out.WriteLine($"Registered {office.Name} (region {office.RegionCode}), key {office.KeyId}");
            return 0;
        });
        return command;
    }

    public static async Task<OfficeRecord> RegisterAsync(CentralSettings settings, string region, string pem,
        CancellationToken ct)
    {
        Directory.CreateDirectory(settings.DataDir);
        var database = DatabaseSettings.Resolve(settings.Db, settings.DataDir, "central.db");
        await using var services = new ServiceCollection()
            .AddSingleton(settings).AddSingleton(database)
            .AddScoped(_ => CentralDbContext.Create(database))
            .AddSingleton(_ => CentralKeys.Load(settings.DataDir))
            .BuildServiceProvider();
        await CentralApp.MigrateAsync(services, ct);
        await using var scope = services.CreateAsyncScope();
        try
        {
            return await OfficeRegistry.AddAsync(scope.ServiceProvider.GetRequiredService<CentralDbContext>(), region, pem,
                DateTime.UtcNow, ct);
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message);
        }
    }
}
