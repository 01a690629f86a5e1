using Ektp.Core.Lifecycle;
using Ektp.Core.Regions;
using Ektp.Core.Residents;
using Ektp.Regional.Data;
using Ektp.Regional.Registry;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Importing;

/// <summary>
/// Imports a SIAK-style CSV export into the registry. Rows stream through Core's <see cref="SiakCsv"/> reader in
/// batches, so memory stays flat for a million rows. Good rows are kept, bad rows are reported with their line and
/// reason. Idempotent: a row equal to what the registry holds changes nothing; a row whose biodata differs updates
/// the biodata (SIAK is the master of biodata) and leaves the e-KTP status alone.
/// </summary>
internal static class RegistryImporter
{
    public static async Task<ImportResult> ImportAsync(RegionalDbContext db, RegionalInfo region, RegionCatalog regions,
        Stream csv, DateTimeOffset now, Action<SiakRowError> onError, IProgress<ImportResult>? progress,
        CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var nowUtc = now.UtcDateTime;
        var result = new ImportResult();
        var batch = new List<Resident>(RegistryWriter.BatchSize);
        var familiesSeen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in SiakCsv.Read(csv, region.Digits, regions, today))
        {
            ct.ThrowIfCancellationRequested();
            result.Read++;
            if (row is SiakRowError error)
            {
                result.Rejected++;
                onError(error);
                continue;
            }

            batch.Add(((SiakResident)row).Resident);
            if (batch.Count >= RegistryWriter.BatchSize)
            {
                await FlushAsync(db, batch, familiesSeen, nowUtc, result, ct);
                progress?.Report(result);
            }
        }

        await FlushAsync(db, batch, familiesSeen, nowUtc, result, ct);
        progress?.Report(result);
        return result;
    }

    private static async Task FlushAsync(RegionalDbContext db, List<Resident> batch, HashSet<string> familiesSeen,
        DateTime nowUtc, ImportResult result, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var niks = batch.Select(r => r.Nik.Value).ToList();
        var existing = await db.Residents.AsNoTracking().Where(r => niks.Contains(r.Nik)).ToDictionaryAsync(r => r.Nik, ct);
        var kks = batch.Select(r => r.Kk.Value).Where(k => !familiesSeen.Contains(k)).Distinct().ToList();
        var knownFamilies = await db.Families.AsNoTracking().Where(f => kks.Contains(f.KkNumber))
            .Select(f => f.KkNumber).ToListAsync(ct);
        familiesSeen.UnionWith(knownFamilies);

        var newFamilies = new List<FamilyRecord>();
        var inserted = new List<ResidentRecord>();
        var updated = new List<ResidentRecord>();
        foreach (var resident in batch)
        {
            if (familiesSeen.Add(resident.Kk.Value))
            {
                // A SIAK export lists the head of the family first, so the first member seen heads the KK.
                newFamilies.Add(new FamilyRecord
                {
                    KkNumber = resident.Kk.Value,
                    HeadNik = resident.Nik.Value,
                    Address = resident.Address,
                    Rt = resident.Rt,
                    Rw = resident.Rw,
                    KelurahanCode = resident.KelurahanCode,
                });
            }

            if (!existing.TryGetValue(resident.Nik.Value, out var record))
            {
                inserted.Add(ResidentRecord.From(resident, RecordStatus.Unregistered, nowUtc));
            }
            else if (record.HasSameBiodata(resident))
            {
                result.Unchanged++;
            }
            else
            {
                record.SetBiodata(resident);
                record.UpdatedAt = nowUtc;
                updated.Add(record);
            }
        }

        await RegistryWriter.WriteBatchAsync(db, newFamilies, inserted, updated, ct);
        result.Inserted += inserted.Count;
        result.Updated += updated.Count;
        result.FamiliesCreated += newFamilies.Count;
        batch.Clear();
    }
}

internal sealed class ImportResult
{
    public long Read { get; set; }
    public long Inserted { get; set; }
    public long Updated { get; set; }
    public long Unchanged { get; set; }
    public long Rejected { get; set; }
    public long FamiliesCreated { get; set; }
}
