using System.CommandLine;
using Ektp.Cli.Infrastructure;
using Ektp.Core.Population;
using Ektp.Hosting;
using Ektp.Regional;
using Microsoft.Extensions.Hosting;

namespace Ektp.Cli.Regional;

/// <summary>
/// `ektp regional`: runs the regional server of one Disdukcapil; `ektp regional add-office` / `revoke-office` manage
/// its field kits.
/// </summary>
internal static class RegionalCommands
{
    public static readonly Option<string> Data = new("--data")
    {
        Description = "Data folder of this server (SQLite database, keys)",
        Required = true,
    };

    public static readonly Option<string?> Db = new("--db")
    {
        Description = "PostgreSQL connection string (Host=…;Database=…); default: SQLite file in --data",
    };

    public static Command Create()
    {
        // `regional` runs the server; its sub-commands manage the server's field kits.
        var region = new Option<string>("--region") { Description = "Kab/kota code, e.g. 1472 (Kota Dumai)", Required = true };
        var urls = new Option<string>("--urls") { Description = "Address to listen on", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var central = new Option<string?>("--central") { Description = "URL of the central server" };
        var seed = new Option<string?>("--seed") { Description = "Seed an empty registry: dumai-2013 | singkawang-2017" };
        var centralCertificate = new Option<string?>("--central-certificate")
        {
            Description = "Certificate of the central server to trust (its keys/tls/server.crt when it is self-signed)",
        };
        var command = new Command("regional", "Run the regional server of a Disdukcapil (kab/kota)")
        {
            region, urls, central, Data, Db, seed, Certificate, centralCertificate, MasterKeyOption.File,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new RegionalSettings
            {
                RegionCode = parse.GetValue(region)!,
                Urls = parse.GetValue(urls)!,
                CentralUrl = parse.GetValue(central),
                DataDir = Path.GetFullPath(parse.GetValue(Data)!),
                Db = parse.GetValue(Db),
                MasterKeyFile = MasterKeyOption.FullPath(parse),
                Seed = parse.GetValue(seed),
                CertificateFile = FullPathOrNull(parse.GetValue(Certificate)),
                UpstreamCertificateFile = FullPathOrNull(parse.GetValue(centralCertificate)),
            };
            await RunAsync(settings, ct);
            return 0;
        });
        command.Subcommands.Add(FieldKitCommands.AddOffice());
        command.Subcommands.Add(FieldKitCommands.RevokeOffice());
        command.Subcommands.Add(CoverageBenchCommand.Create());
        return command;
    }

    /// <summary>`--certificate`: the server's own TLS certificate for an https:// address.</summary>
    public static readonly Option<string?> Certificate = new("--certificate")
    {
        Description = "TLS certificate for an https:// address (.pfx with the password in EKTP_CERTIFICATE_PASSWORD, " +
                      "or PEM with its key); default: a self-signed one made in --data",
    };

    public static string? FullPathOrNull(string? path) => path is null ? null : Path.GetFullPath(path);

    public static async Task RunAsync(RegionalSettings settings, CancellationToken ct)
    {
        var scenario = settings.Seed is null ? null : CityScenario.ByName(settings.Seed)
            ?? throw new CliException($"Unknown seed scenario '{settings.Seed}' (use dumai-2013 or singkawang-2017).");
        await using var app = Build(settings);
        await PrepareAsync(app, scenario, ct);
        await app.StartAsync(ct);
        Console.Out.WriteLine($"Regional server {settings.RegionCode} (Disdukcapil): {app.BoundUrl()}   (data: {settings.DataDir})");
        await app.WaitForShutdownAsync(ct);
    }

    internal static Microsoft.AspNetCore.Builder.WebApplication Build(RegionalSettings settings)
    {
        try
        {
            return RegionalApp.Build(settings);
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message);
        }
    }

    internal static async Task PrepareAsync(Microsoft.AspNetCore.Builder.WebApplication app, CityScenario? scenario,
        CancellationToken ct)
    {
        try
        {
            await RegionalApp.PrepareDatabaseAsync(app.Services, ct);
        }
        catch (InvalidOperationException ex)
        {
            throw new CliException(ex.Message);
        }

        if (scenario is not null)
        {
            await Seeding.SeedAsync(app.Services, scenario, ct);
        }
    }
}
