using Ektp.Core.Eligibility;
using Ektp.Regional.Data;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Registry;

/// <summary>
/// Headline figures of the registry as of a date, computed from the records themselves with Core's wajib-KTP rule
/// (no stored counters): residents, wajib KTP, and wajib-KTP residents recorded on or before that date.
/// </summary>
internal static class RegistryFigures
{
    public static async Task<Headline> ComputeAsync(RegionalDbContext db, DateOnly asOf, CancellationToken ct)
    {
        var endOfDay = asOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(1);
        int residents = 0, wajib = 0, recorded = 0;
        await foreach (var r in db.Residents.AsNoTracking()
                           .Select(r => new { r.BirthDate, r.MaritalStatus, r.RecordedAt })
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            if (r.BirthDate > asOf)
            {
                continue; // not yet born on that date
            }

            residents++;
            if (!WajibKtp.IsWajibKtp(r.BirthDate, r.MaritalStatus, asOf))
            {
                continue;
            }

            wajib++;
            if (r.RecordedAt < endOfDay)
            {
                recorded++;
            }
        }

        return new Headline(asOf, residents, wajib, recorded);
    }
}

internal sealed record Headline(DateOnly AsOf, int Residents, int WajibKtp, int Recorded)
{
    /// <summary>Recorded / wajib KTP in percent, rounded to two decimals (never above 100).</summary>
    public decimal Percent => WajibKtp == 0 ? 0m : Math.Round(100m * Recorded / WajibKtp, 2, MidpointRounding.AwayFromZero);
}
