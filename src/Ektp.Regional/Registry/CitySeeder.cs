using Ektp.Core.Lifecycle;
using Ektp.Core.Population;
using Ektp.Regional.Data;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Registry;

/// <summary>
/// Fills an empty registry with a synthetic city (Core's <see cref="SyntheticCity"/>). Residents recorded before the
/// scenario date get the statuses such old records have by then: DELIVERED when recorded over 60 days earlier,
/// PRINTED otherwise; everyone else is UNREGISTERED.
/// </summary>
internal static class CitySeeder
{
    public const string SeedKey = "seed";
    private static readonly TimeSpan DeliveredAfter = TimeSpan.FromDays(60);

    public static async Task<SeedResult> SeedAsync(RegionalDbContext db, CityScenario scenario, RegionalInfo region,
        IProgress<int>? progress, CancellationToken ct)
    {
        if (!scenario.KabKotaCode.Equals(region.Digits, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Scenario {scenario.Name} is for region {scenario.KabKotaCode}, this server serves {region.Digits}.");
        }

        var applied = await db.Settings.AsNoTracking().SingleOrDefaultAsync(s => s.Key == SeedKey, ct);
        if (applied is not null)
        {
            return new SeedResult(applied.Value, 0, 0, AlreadySeeded: true);
        }

        if (await db.Residents.AnyAsync(ct))
        {
            throw new InvalidOperationException("The registry already holds residents; a scenario seeds only an empty one.");
        }

        var asOf = new DateTimeOffset(scenario.AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var families = new List<FamilyRecord>(RegistryWriter.BatchSize);
        var residents = new List<ResidentRecord>(RegistryWriter.BatchSize);
        int familyCount = 0, residentCount = 0;
        foreach (var family in SyntheticCity.Generate(scenario))
        {
            families.Add(new FamilyRecord
            {
                KkNumber = family.Family.Number.Value,
                HeadNik = family.Family.HeadNik.Value,
                Address = family.Family.Address,
                Rt = family.Family.Rt,
                Rw = family.Family.Rw,
                KelurahanCode = family.Family.KelurahanCode,
            });
            foreach (var member in family.Members)
            {
                residents.Add(ToRecord(member, asOf));
            }

            if (residents.Count >= RegistryWriter.BatchSize)
            {
                familyCount += families.Count;
                residentCount += residents.Count;
                await RegistryWriter.WriteBatchAsync(db, families, residents, [], ct);
                families.Clear();
                residents.Clear();
                progress?.Report(residentCount);
            }
        }

        familyCount += families.Count;
        residentCount += residents.Count;
        await RegistryWriter.WriteBatchAsync(db, families, residents, [], ct);
        progress?.Report(residentCount);
        db.Settings.Add(new SettingRecord { Key = SeedKey, Value = scenario.Name });
        await db.SaveChangesAsync(ct);
        return new SeedResult(scenario.Name, familyCount, residentCount, AlreadySeeded: false);
    }

    private static ResidentRecord ToRecord(SyntheticResident member, DateTimeOffset asOf)
    {
        if (member.RecordedAt is not { } recordedAt)
        {
            return ResidentRecord.From(member.Resident, RecordStatus.Unregistered, asOf.UtcDateTime);
        }

        var status = asOf - recordedAt > DeliveredAfter ? RecordStatus.Delivered : RecordStatus.Printed;
        var record = ResidentRecord.From(member.Resident, status, recordedAt.UtcDateTime);
        record.RecordedAt = recordedAt.UtcDateTime;
        record.RecordedWhere = member.RecordedWhere;
        record.StatusReason = "Recorded before this system (seeded scenario)";
        return record;
    }
}

internal sealed record SeedResult(string Scenario, int Families, int Residents, bool AlreadySeeded);
