using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ektp.Core.Identity;
using Ektp.Core.Regions;

namespace Ektp.Cli.Nik;

/// <summary>`ektp nik check NIK [--json]`: the parse of a NIK with every error and warning in words.</summary>
internal static class NikCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static Command Create(TimeProvider clock)
    {
        var nik = new Argument<string>("NIK") { Description = "The 16-digit number to check" };
        var json = new Option<bool>("--json") { Description = "Print the analysis as one JSON object" };
        var check = new Command("check", "Parse and validate a NIK, explaining every error and warning")
        {
            nik,
            json,
        };
        check.SetAction(parse =>
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var analysis = NikRules.Analyze(parse.GetValue(nik)!, today, RegionCatalog.Official);
            Console.Out.Write(parse.GetValue(json) ? ToJson(analysis) + "\n" : ToText(analysis));
            return analysis.IsValid ? 0 : 1;
        });

        return new Command("nik", "NIK (Nomor Induk Kependudukan) tools") { check };
    }

    internal static string ToJson(NikAnalysis a) => JsonSerializer.Serialize(new
    {
        input = a.Input,
        valid = a.IsValid,
        nik = a.Nik?.Value,
        province = a.Province is { } p ? new { code = p.Digits, name = p.Name } : null,
        kabupatenKota = a.KabupatenKota is { } k ? new { code = k.Digits, name = k.Name } : null,
        kecamatan = a.Kecamatan is { } c ? new { code = c.Digits, name = c.Name } : null,
        birthDate = a.BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        sex = a.Sex?.ToString(),
        serial = a.Serial,
        errors = a.Errors.Select(e => new { code = e.Code, message = e.Message }),
        warnings = a.Warnings.Select(w => new { code = w.Code, message = w.Message }),
    }, Json);

    internal static string ToText(NikAnalysis a)
    {
        var lines = new List<string> { $"NIK {a.Input}: {(a.IsValid ? "valid" : "INVALID")}" };
        if (a.Province is { } p)
        {
            lines.Add($"  provinsi        {p.Digits} {p.Name}");
        }

        if (a.KabupatenKota is { } k)
        {
            lines.Add($"  kabupaten/kota  {k.Digits} {k.Name}");
        }

        if (a.Kecamatan is { } c)
        {
            lines.Add($"  kecamatan       {c.Digits} {c.Name}");
        }

        if (a.BirthDate is { } d)
        {
            lines.Add($"  date of birth   {d:yyyy-MM-dd}");
        }

        if (a.Sex is { } s)
        {
            lines.Add($"  sex             {(s == Sex.Female ? "female (P, day + 40)" : "male (L)")}");
        }

        if (a.Serial is { } n)
        {
            lines.Add($"  serial          {n:0000}");
        }

        lines.AddRange(a.Errors.Select(e => $"  error   [{e.Code}] {e.Message}"));
        lines.AddRange(a.Warnings.Select(w => $"  warning [{w.Code}] {w.Message}"));
        return string.Join('\n', lines) + "\n";
    }
}
