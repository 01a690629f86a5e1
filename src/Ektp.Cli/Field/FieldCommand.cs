using System.CommandLine;
using Ektp.Cli.Infrastructure;
using Ektp.Cli.Regional;
using Ektp.Core.Packets;
using Ektp.Hosting;
using Ektp.Regional;
using Ektp.Regional.Field;
using Ektp.Regional.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ektp.Cli.Field;

/// <summary>
/// `ektp field --regional URL --data DIR [--urls URL] [--area CODE]`: the regional app on a laptop for a mobile
/// session, with its own SQLite under DIR. It pulls its registry slice from the regional server, records offline,
/// and forwards its packets when the link returns (docs/field-kit.md).
/// </summary>
internal static class FieldCommand
{
    public static Command Create()
    {
        var regional = new Option<string>("--regional") { Description = "URL of the regional server", Required = true };
        var data = new Option<string>("--data") { Description = "Data folder of the field kit (SQLite, keys)", Required = true };
        var urls = new Option<string>("--urls") { Description = "Address to listen on", DefaultValueFactory = _ => "http://127.0.0.1:5070" };
        var area = new Option<string?>("--area")
        {
            Description = "Copy only this kecamatan (6 digits) or kelurahan/desa (10 digits) of the registry",
        };
        var regionalCertificate = new Option<string?>("--regional-certificate")
        {
            Description = "Certificate of the regional server to trust (its keys/tls/server.crt when it is self-signed)",
        };
        var command = new Command("field", "Run a field kit: the regional app on a laptop, offline for days, forwarding " +
                                           "to its regional server")
        {
            regional, data, urls, area, RegionalCommands.Certificate, regionalCertificate, MasterKeyOption.File,
        };
        command.SetAction(async (parse, ct) =>
        {
            var regionalUrl = parse.GetValue(regional)!;
            if (!Uri.TryCreate(regionalUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new CliException($"--regional must be the http(s) URL of the regional server, not '{regionalUrl}'.");
            }

            var dataDir = Path.GetFullPath(parse.GetValue(data)!);
            var trust = RegionalCommands.FullPathOrNull(parse.GetValue(regionalCertificate));
            FieldKitFacts facts;
            try
            {
                facts = await FieldKitSetup.ResolveAsync(dataDir, regionalUrl, ct, trust);
            }
            catch (InvalidOperationException ex)
            {
                throw new CliException(ex.Message);
            }

            var settings = new RegionalSettings
            {
                RegionCode = facts.RegionCode,
                Urls = parse.GetValue(urls)!,
                DataDir = dataDir,
                MasterKeyFile = MasterKeyOption.FullPath(parse),
                RegionalUrl = regionalUrl,
                Area = parse.GetValue(area),
                OfficeName = $"{facts.Office} (field kit)",
                CertificateFile = RegionalCommands.FullPathOrNull(parse.GetValue(RegionalCommands.Certificate)),
                UpstreamCertificateFile = trust,
            };
            await using var app = RegionalCommands.Build(settings);
            await RegionalCommands.PrepareAsync(app, scenario: null, ct);
            await app.StartAsync(ct);
            var key = PacketEnvelope.KeyId(app.Services.GetRequiredService<RegionalKeys>().Office);
            Console.Out.WriteLine($"Field kit of {facts.Office} ({facts.RegionCode}): {app.BoundUrl()}   " +
                                  $"(data: {dataDir}; forwards to {regionalUrl}; key id {key})");
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }
}
