using Ektp.Regional.Data;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Registry;

/// <summary>
/// Writes large numbers of registry rows (seeding, CSV import) in batches with change tracking off, one
/// transaction per batch, so memory stays flat however many rows come.
/// </summary>
internal static class RegistryWriter
{
    public const int BatchSize = 2000;

    public static async Task WriteBatchAsync(RegionalDbContext db, IReadOnlyCollection<FamilyRecord> families,
        IReadOnlyCollection<ResidentRecord> residents, IReadOnlyCollection<ResidentRecord> updated,
        CancellationToken ct)
    {
        if (families.Count == 0 && residents.Count == 0 && updated.Count == 0)
        {
            return;
        }

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Families.AddRange(families);
        db.Residents.AddRange(residents);
        db.Residents.UpdateRange(updated);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
    }
}
