using System.Globalization;
using Ektp.Core.Eligibility;
using Ektp.Core.Identity;
using Ektp.Core.Lifecycle;
using Ektp.Core.Regions;
using Ektp.Core.Residents;
using Ektp.Hosting;
using Ektp.Hosting.Audit;
using Ektp.Hosting.Security;
using Ektp.Regional.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Registry;

internal static class ResidentsApi
{
    public const int MaxPageSize = 100;

    public static RouteGroupBuilder MapResidents(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/residents").WithTags("Residents")
            .RequireAuthorization(EktpPolicies.ResidentRead);
        group.MapGet("/{nik}", GetResident).WithName("GetResident")
            .WithSummary("Biodata, family and status of one resident");
        group.MapGet("", Search).WithName("SearchResidents")
            .WithSummary("Find residents by name (or NIK prefix), optionally within one kelurahan/desa; paged");
        group.MapGet("/{nik}/status", GetStatus).WithName("GetResidentStatus")
            .WithSummary("Where the resident's e-KTP record stands: { nik, status, since, reason }");
        return group;
    }

    internal static async Task<Results<Ok<ResidentResponse>, ProblemHttpResult>> GetResident(string nik,
        RegionalDbContext db, RegionCatalog regions, TimeProvider clock, AuditTrail audit, CancellationToken ct)
    {
        if (!Nik.TryCreate(nik, out _))
        {
            return MalformedNik(nik);
        }

        var record = await db.Residents.AsNoTracking().SingleOrDefaultAsync(r => r.Nik == nik, ct);
        if (record is null)
        {
            return UnknownNik(nik);
        }

        var family = await db.Residents.AsNoTracking()
            .Where(r => r.KkNumber == record.KkNumber && r.Nik != record.Nik)
            .OrderBy(r => r.BirthDate)
            .Select(r => new { r.Nik, r.Name, r.BirthDate, r.Sex })
            .ToListAsync(ct);
        await audit.RecordAsync(new AuditEvent(AuditActions.PersonRead, record.Nik), ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return TypedResults.Ok(record.ToResponse(regions,
            family.Select(m => new FamilyMemberResponse(m.Nik, m.Name, m.BirthDate, m.Sex.ToCardText())).ToList(), today));
    }

    internal static async Task<Results<Ok<ResidentPage>, ProblemHttpResult>> Search(RegionalDbContext db,
        RegionCatalog regions, AuditTrail audit, string? q, string? kelurahan, int? page, int? pageSize,
        CancellationToken ct)
    {
        var size = Math.Clamp(pageSize ?? 20, 1, MaxPageSize);
        var number = Math.Max(page ?? 1, 1);
        var query = db.Residents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(kelurahan))
        {
            var digits = kelurahan.Replace(".", "", StringComparison.Ordinal);
            if (regions.Find(digits) is not { Level: RegionLevel.KelurahanDesa })
            {
                return Problems.BadRequest("kelurahan-unknown", "Unknown kelurahan/desa.",
                    $"'{kelurahan}' is not a kelurahan/desa code in the official list (10 digits, e.g. 1472011001).");
            }

            query = query.Where(r => r.KelurahanCode == digits);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            if (term.All(char.IsAsciiDigit))
            {
                query = query.Where(r => r.Nik.StartsWith(term));
            }
            else
            {
                var key = ResidentRecord.KeyOf(term);
                query = query.Where(r => r.NameKey.Contains(key));
            }
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(r => r.NameKey).ThenBy(r => r.Nik)
            .Skip((number - 1) * size).Take(size)
            .Select(r => new { r.Nik, r.Name, r.BirthDate, r.Sex, r.KelurahanCode, r.Rt, r.Rw, r.Status })
            .ToListAsync(ct);
        // A list of names is a read too, though of no one record: the search's kind and size, never its words.
        var kind = string.IsNullOrWhiteSpace(q) ? "all" : q.Trim().All(char.IsAsciiDigit) ? "by NIK prefix" : "by name";
        var area = string.IsNullOrWhiteSpace(kelurahan) ? "" : " in " + kelurahan.Trim();
        await audit.RecordAsync(new AuditEvent(AuditActions.PersonSearch, null, string.Create(
            CultureInfo.InvariantCulture, $"{kind}{area}, page {number}, {rows.Count} of {total} shown")), ct);
        var items = rows.Select(r => new ResidentSummary(r.Nik, r.Name, r.BirthDate, r.Sex.ToCardText(), r.KelurahanCode,
            r.Rt, r.Rw, RecordLifecycle.Code(r.Status))).ToList();
        return TypedResults.Ok(new ResidentPage(items, number, size, total));
    }

    internal static async Task<Results<Ok<StatusResponse>, ProblemHttpResult>> GetStatus(string nik,
        RegionalDbContext db, AuditTrail audit, CancellationToken ct)
    {
        if (!Nik.TryCreate(nik, out _))
        {
            return MalformedNik(nik);
        }

        var status = await db.Residents.AsNoTracking().Where(r => r.Nik == nik)
            .Select(r => new { r.Status, r.StatusSince, r.StatusReason })
            .SingleOrDefaultAsync(ct);
        if (status is not null)
        {
            await audit.RecordAsync(new AuditEvent(AuditActions.PersonStatus, nik), ct);
        }

        return status is null
            ? UnknownNik(nik)
            : TypedResults.Ok(new StatusResponse(nik, RecordLifecycle.Code(status.Status),
                new DateTimeOffset(status.StatusSince, TimeSpan.Zero), status.StatusReason));
    }

    internal static ProblemHttpResult MalformedNik(string nik) =>
        Problems.BadRequest("nik-malformed", "The NIK is malformed.",
            $"'{nik}' is not a NIK: a NIK has exactly 16 digits. `ektp nik check` explains any number in detail.");

    internal static ProblemHttpResult UnknownNik(string nik) =>
        Problems.NotFound("resident-unknown", "No resident has this NIK.", $"NIK {nik} is not in this registry.");
}

internal sealed record StatusResponse(string Nik, string Status, DateTimeOffset Since, string? Reason);

internal sealed record ResidentSummary(string Nik, string Name, DateOnly BirthDate, string Sex, string KelurahanCode,
    int Rt, int Rw, string Status);

internal sealed record ResidentPage(IReadOnlyList<ResidentSummary> Items, int Page, int PageSize, int Total);

internal sealed record RegionRef(string Code, string Name);

internal sealed record FamilyMemberResponse(string Nik, string Name, DateOnly BirthDate, string Sex);

internal sealed record ResidentResponse(
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
    RegionRef Kelurahan,
    RegionRef Kecamatan,
    string Religion,
    string MaritalStatus,
    string Occupation,
    string Citizenship,
    string Education,
    string MotherName,
    string Status,
    DateTimeOffset StatusSince,
    string? StatusReason,
    bool WajibKtp,
    DateOnly WajibKtpDate,
    DateTimeOffset? RecordedAt,
    string? RecordedWhere,
    IReadOnlyList<FamilyMemberResponse> Family);

internal static class ResidentMapping
{
    public static ResidentResponse ToResponse(this ResidentRecord r, RegionCatalog regions,
        IReadOnlyList<FamilyMemberResponse> family, DateOnly today) => new(
        r.Nik, r.KkNumber, r.Name, r.BirthPlace, r.BirthDate, r.Sex.ToCardText(), r.BloodType.ToCardText(), r.Address,
        r.Rt, r.Rw,
        new RegionRef(r.KelurahanCode, regions.Find(r.KelurahanCode)?.Name ?? "?"),
        new RegionRef(r.KecamatanCode, regions.Find(r.KecamatanCode)?.Name ?? "?"),
        r.Religion.ToCardText(), r.MaritalStatus.ToCardText(), r.Occupation, r.Citizenship.ToCardText(),
        r.Education.ToCardText(), r.MotherName,
        RecordLifecycle.Code(r.Status), new DateTimeOffset(r.StatusSince, TimeSpan.Zero), r.StatusReason,
        WajibKtp.IsWajibKtp(r.BirthDate, r.MaritalStatus, today), WajibKtp.WajibKtpDate(r.BirthDate),
        r.RecordedAt is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null,
        r.RecordedWhere?.ToString().ToLowerInvariant(), family);
}
