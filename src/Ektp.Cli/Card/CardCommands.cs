using System.Security.Cryptography;
using Ektp.Cli.Infrastructure;
using Ektp.Regional.Printing;

namespace Ektp.Cli.Card;

/// <summary>`ektp card verify --key FILE --qr-text TEXT`: checks the QR code of a printed e-KTP offline.</summary>
internal static class CardCommands
{
    public static System.CommandLine.Command Create()
    {
        var key = new System.CommandLine.Option<string>("--key")
        {
            Description = "The issuing office's public key (PEM, as `ektp keys show` prints it)",
            Required = true,
        };
        var text = new System.CommandLine.Option<string>("--qr-text")
        {
            Description = "The text scanned from the card's QR code (EKTP1.…)",
            Required = true,
        };
        var verify = new System.CommandLine.Command("verify",
            "Check a card's QR code against the office public key, offline; exit 0 valid, 1 not valid") { key, text };
        verify.SetAction(parse =>
        {
            var path = parse.GetValue(key)!;
            if (!File.Exists(path))
            {
                throw new CliException($"no key file {path}");
            }

            using var office = ECDsa.Create();
            try
            {
                office.ImportFromPem(File.ReadAllText(path));
            }
            catch (ArgumentException)
            {
                throw new CliException($"{path} is not a PEM public key");
            }

            var check = CardQr.Verify(parse.GetValue(text), office);
            if (!check.Valid)
            {
                Console.Out.WriteLine($"NOT VALID: {check.Problem}");
                return 1;
            }

            var p = check.Payload!;
            Console.Out.WriteLine("VALID: signed by this office key");
            Console.Out.WriteLine($"NIK {p.Nik}, {p.Nama}, born {p.BirthDate}; blank {p.BlankSerial}, issued {p.IssuedOn} " +
                                  $"in region {p.Region}; chip SHA-256 {p.ChipSha256}");
            return 0;
        });
        return new System.CommandLine.Command("card", "Printed e-KTP cards") { verify };
    }
}
