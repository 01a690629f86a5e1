using System.Globalization;
using Ektp.Regional.Data;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Outreach;

/// <summary>
/// What the letters say about the office: its address, opening hours, telephone, the head of office who signs, and
/// its time zone (WIB, WITA or WIT), which also decides what "today" and a session's days are. Kept as entries of
/// the settings table (`outreach.office.*`) so an office changes them from the UI or the API without a restart;
/// every entry has a default.
/// </summary>
internal sealed record OfficeDetails(string Name, string Address, string Hours, string? Phone, string Head,
    string TimeZone)
{
    public const string Prefix = "outreach.office.";

    public static readonly IReadOnlyDictionary<string, int> Offsets = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["WIB"] = 7,
        ["WITA"] = 8,
        ["WIT"] = 9,
    };

    public TimeSpan UtcOffset => TimeSpan.FromHours(Offsets[TimeZone]);

    /// <summary>The office's calendar day at <paramref name="utc"/>.</summary>
    public DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(utc + UtcOffset);

    /// <summary>The UTC instant the office's day <paramref name="day"/> starts.</summary>
    public DateTime StartOf(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - UtcOffset;

    public static OfficeDetails Defaults(RegionalInfo region) => new(
        region.OfficeName,
        $"Jalan ... (alamat kantor belum diisi), {region.Name}",
        "Senin–Jumat pukul 08.00–15.00",
        null,
        "Kepala Dinas Kependudukan dan Pencatatan Sipil",
        DefaultTimeZone(region.Province.Digits));

    /// <summary>Indonesia's three time zones by province: WITA from Bali, South/East/North Kalimantan and Sulawesi to
    /// NTT; WIT in Maluku and Papua; WIB elsewhere.</summary>
    public static string DefaultTimeZone(string provinceDigits) =>
        int.Parse(provinceDigits, CultureInfo.InvariantCulture) switch
        {
            51 or 52 or 53 or 63 or 64 or 65 or (>= 71 and <= 76) => "WITA",
            81 or 82 or >= 91 => "WIT",
            _ => "WIB",
        };

    public static async Task<OfficeDetails> LoadAsync(RegionalDbContext db, RegionalInfo region, CancellationToken ct)
    {
        var stored = await db.Settings.AsNoTracking().Where(s => s.Key.StartsWith(Prefix))
            .ToDictionaryAsync(s => s.Key[Prefix.Length..], s => s.Value, StringComparer.Ordinal, ct);
        var d = Defaults(region);
        string Get(string key, string fallback) => stored.TryGetValue(key, out var v) && v.Length > 0 ? v : fallback;
        var zone = Get("timeZone", d.TimeZone);
        return new OfficeDetails(Get("name", d.Name), Get("address", d.Address), Get("hours", d.Hours),
            stored.TryGetValue("phone", out var phone) && phone.Length > 0 ? phone : d.Phone, Get("head", d.Head),
            Offsets.ContainsKey(zone) ? zone : d.TimeZone);
    }

    /// <summary>Checks and stores the given fields (null keeps the current value); returns the problem or null.</summary>
    public static async Task<string?> SaveAsync(RegionalDbContext db, OfficeDetailsBody body, CancellationToken ct)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["name"] = body.Name,
            ["address"] = body.Address,
            ["hours"] = body.Hours,
            ["phone"] = body.Phone,
            ["head"] = body.Head,
            ["timeZone"] = body.TimeZone?.Trim().ToUpperInvariant(),
        };
        foreach (var (key, value) in values)
        {
            if (value is not null && value.Trim().Length > 200)
            {
                return $"'{key}' is longer than 200 characters.";
            }
        }

        if (values["timeZone"] is { } zone && !Offsets.ContainsKey(zone))
        {
            return $"'timeZone' must be WIB, WITA or WIT, not '{body.TimeZone}'.";
        }

        foreach (var (key, value) in values)
        {
            if (value is null)
            {
                continue;
            }

            var row = await db.Settings.FindAsync([Prefix + key], ct);
            if (row is null)
            {
                db.Settings.Add(new SettingRecord { Key = Prefix + key, Value = value.Trim() });
            }
            else
            {
                row.Value = value.Trim();
            }
        }

        await db.SaveChangesAsync(ct);
        return null;
    }
}

internal sealed record OfficeDetailsBody(string? Name, string? Address, string? Hours, string? Phone, string? Head,
    string? TimeZone);

/// <summary>Dates as Indonesian letters write them: "23 November 2026".</summary>
internal static class IndonesianDates
{
    private static readonly string[] Months =
    [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November",
        "Desember",
    ];

    private static readonly string[] Days = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"];

    public static string Long(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Day} {Months[date.Month - 1]} {date.Year}");

    public static string WithDay(DateOnly date) => $"{Days[(int)date.DayOfWeek]}, {Long(date)}";

    public static string Range(DateOnly start, DateOnly end) =>
        start == end ? WithDay(start) : $"{WithDay(start)} s.d. {WithDay(end)}";

    public static string Short(DateOnly date) => date.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);
}
