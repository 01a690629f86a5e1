using Ektp.Core.Lifecycle;
using Ektp.Core.Regions;
using Ektp.Hosting;
using Ektp.Hosting.Security;
using Ektp.Regional.Data;
using Ektp.Regional.Registry;
using Ektp.Regional.Sync;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.FieldKits;

/// <summary>
/// What a regional server serves its field kits (docs/field-kit.md): its public keys (open), the registry slice
/// and the resumable upload of packets (both for registered kits only, with signed requests).
/// </summary>
internal static class FieldKitsApi
{
    public const int MaxPageSize = 5000;

    public static IEndpointRouteBuilder MapFieldKits(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/keys", GetKeys).AllowAnonymous().WithTags("Field kits").WithName("RegionalKeys")
            .WithSummary("This regional server's public keys: field kits encrypt packets for `encryptionKey`");
        endpoints.MapGet("/api/field/registry", GetRegistry).AllowAnonymous() // a kit's signed request (KitAuthentication)
           .WithTags("Field kits").WithName("FieldRegistry")
            .WithSummary("A page of the registry for a field kit (signed request): residents by NIK after `after`, " +
                         "optionally within one kecamatan or kelurahan (`area`)")
            .WithMetadata(new KitOnly());
        endpoints.MapResumableUploads<KitIntake>("Field kits").WithMetadata(new KitOnly())
            .AllowAnonymous(); // no user: a kit's signed request (KitAuthentication)
        return endpoints;
    }

    internal static RegionalKeysResponse GetKeys(RegionalKeys keys, RegionalInfo region) => new(
        Convert.ToBase64String(keys.Encryption.ExportSubjectPublicKeyInfo()),
        Convert.ToBase64String(keys.Office.ExportSubjectPublicKeyInfo()),
        region.Digits, region.OfficeName);

    internal static async Task<Results<Ok<RegistryPage>, ProblemHttpResult>> GetRegistry(RegionalDbContext db,
        RegionalInfo region, HttpContext http, string? area, string? after, int? limit, CancellationToken ct)
    {
        var size = Math.Clamp(limit ?? 1000, 1, MaxPageSize);
        var query = db.Residents.AsNoTracking();
        string? areaDigits = null;
        if (!string.IsNullOrWhiteSpace(area))
        {
            if (AreaFilter(area, region) is not { } digits)
            {
                return Problems.BadRequest("area-invalid", "The area is not a kecamatan or kelurahan of this region.",
                    $"'{area}' is not a kecamatan (6 digits) or kelurahan/desa (10 digits) code of {region.Name} " +
                    "in the official list.");
            }

            areaDigits = digits;
            query = digits.Length == 6
                ? query.Where(r => r.KecamatanCode == digits)
                : query.Where(r => r.KelurahanCode == digits);
        }

        if (!string.IsNullOrEmpty(after))
        {
            query = query.Where(r => string.Compare(r.Nik, after) > 0);
        }

        var rows = await query.OrderBy(r => r.Nik).Take(size).ToListAsync(ct);
        var kit = http.Items[KitAuthentication.KitItem] as FieldKitRecord;
        return TypedResults.Ok(new RegistryPage(region.Digits, areaDigits, kit?.Name,
            [.. rows.Select(RegistryEntry.From)], rows.Count == size ? rows[^1].Nik : null));
    }

    /// <summary>The digits of a kecamatan or kelurahan code inside this region, or null.</summary>
    internal static string? AreaFilter(string area, RegionalInfo region)
    {
        var digits = area.Trim().Replace(".", "", StringComparison.Ordinal);
        var found = RegionCatalog.Official.Find(digits);
        return found is { Level: RegionLevel.Kecamatan or RegionLevel.KelurahanDesa } && region.Contains(found.Digits)
            ? found.Digits
            : null;
    }
}

/// <summary>This regional server's public keys (SubjectPublicKeyInfo, base64), region and office name.</summary>
internal sealed record RegionalKeysResponse(string EncryptionKey, string SigningKey, string RegionCode, string Office);

/// <summary>A page of the registry; ask again with <c>after = next</c> until <c>next</c> is null.</summary>
internal sealed record RegistryPage(string Region, string? Area, string? Kit, IReadOnlyList<RegistryEntry> Items,
    string? Next);

/// <summary>One resident as a field kit copies it: the biodata (enum names as in Core) and the record status.</summary>
internal sealed record RegistryEntry(
    string Nik,
    string KkNumber,
    string Name,
    string BirthPlace,
    DateOnly BirthDate,
    string Sex,
    string BloodType,
    string Address,
    int Rt,
    int Rw,
    string KelurahanCode,
    string Religion,
    string MaritalStatus,
    string Occupation,
    string Citizenship,
    string Education,
    string MotherName,
    string Status,
    DateTime StatusSince,
    string? StatusReason,
    DateTime? RecordedAt,
    string? RecordedWhere)
{
    public static RegistryEntry From(ResidentRecord r) => new(
        r.Nik, r.KkNumber, r.Name, r.BirthPlace, r.BirthDate, r.Sex.ToString(), r.BloodType.ToString(), r.Address,
        r.Rt, r.Rw, r.KelurahanCode, r.Religion.ToString(), r.MaritalStatus.ToString(), r.Occupation,
        r.Citizenship.ToString(), r.Education.ToString(), r.MotherName, RecordLifecycle.Code(r.Status), r.StatusSince,
        r.StatusReason, r.RecordedAt, r.RecordedWhere?.ToString());
}
