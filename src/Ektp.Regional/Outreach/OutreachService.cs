using Ektp.Core.Eligibility;
using Ektp.Core.Identity;
using Ektp.Core.Regions;
using Ektp.Regional.Data;
using Ektp.Regional.Planning;
using Ektp.Regional.Printing;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Outreach;

/// <summary>
/// The outreach lists: the unrecorded wajib-KTP residents of a kelurahan (or of one RW/RT in it) with what the RT
/// found about each of them, and the recording of those findings. Shared by the API, the pages and the planning.
/// </summary>
internal sealed class OutreachService(RegionalDbContext db, RegionalInfo region, RegionCatalog regions,
    TimeProvider clock)
{
    public const int MaxFindingsPerBatch = 2000;

    public async Task<OfficeDetails> OfficeAsync(CancellationToken ct) => await OfficeDetails.LoadAsync(db, region, ct);

    public async Task<DateOnly> TodayAsync(CancellationToken ct) =>
        (await OfficeAsync(ct)).DayOf(clock.GetUtcNow().UtcDateTime);

    /// <summary>The kelurahan/desa of this kab/kota with that code, or null.</summary>
    public Place? Kelurahan(string? code)
    {
        if (code is null || regions.Find(code) is not { Level: RegionLevel.KelurahanDesa } kel
            || !region.Contains(kel.Digits))
        {
            return null;
        }

        var kec = regions.Find(kel.ParentCode!)!;
        return new Place(kel.Digits, kel.Name, kec.Digits, kec.Name);
    }

    public static Refusal UnknownKelurahan(string? code) => new(StatusCodes.Status404NotFound, "kelurahan-unknown",
        "The kelurahan/desa is not in this kab/kota.",
        $"'{code}' is not the 10-digit code of a kelurahan/desa of this kab/kota.");

    public static Refusal? CheckRtRw(int? rw, int? rt) =>
        rw is < 1 or > 999 || rt is < 1 or > 999
            ? new Refusal(StatusCodes.Status400BadRequest, "rt-invalid", "The RT or RW is not valid.",
                "'rt' and 'rw' are numbers from 1 to 999.")
            : null;

    /// <summary>The unrecorded wajib-KTP residents of a kelurahan (optionally one RW and RT), as of the office's today,
    /// ordered by RW, RT, family card and name, with each one's latest RT finding and any open home-visit request.
    /// </summary>
    public async Task<Outcome<UnrecordedList>> UnrecordedAsync(string kelurahanCode, int? rw, int? rt,
        CancellationToken ct)
    {
        if (Kelurahan(kelurahanCode) is not { } place)
        {
            return UnknownKelurahan(kelurahanCode);
        }

        if (CheckRtRw(rw, rt) is { } bad)
        {
            return bad;
        }

        var asOf = await TodayAsync(ct);
        var residents = await db.Residents.AsNoTracking()
            .Where(r => r.KelurahanCode == place.KelurahanCode && r.RecordedAt == null)
            .Where(r => rw == null || r.Rw == rw)
            .Where(r => rt == null || r.Rt == rt)
            .Select(r => new { r.Nik, r.Name, r.Sex, r.BirthDate, r.MaritalStatus, r.Address, r.Rt, r.Rw, r.KkNumber })
            .ToListAsync(ct);
        var findings = await LatestFindingsAsync(place.KelurahanCode, ct);
        var visits = await db.Set<HomeVisitRequest>().AsNoTracking()
            .Join(db.Residents, h => h.Nik, r => r.Nik, (h, r) => new { h.Nik, h.SessionId, r.KelurahanCode })
            .Where(x => x.KelurahanCode == place.KelurahanCode)
            .Select(x => x.Nik).Distinct().ToListAsync(ct);
        var visitSet = visits.ToHashSet(StringComparer.Ordinal);

        var items = residents
            .Where(r => WajibKtp.IsWajibKtp(r.BirthDate, r.MaritalStatus, asOf))
            .OrderBy(r => r.Rw).ThenBy(r => r.Rt).ThenBy(r => r.KkNumber, StringComparer.Ordinal)
            .ThenBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Nik, StringComparer.Ordinal)
            .Select(r => new UnrecordedResident(r.Nik, r.Name, r.Sex == Sex.Female ? "P" : "L", r.BirthDate,
                WajibKtp.AgeOn(r.BirthDate, asOf), r.Address, r.Rt, r.Rw, r.KkNumber,
                findings.GetValueOrDefault(r.Nik), visitSet.Contains(r.Nik)))
            .ToList();
        return new UnrecordedList(place, rw, rt, asOf, items.Count, FindingCounts.Of(items), items);
    }

    /// <summary>The latest finding of every resident of a kelurahan who has one.</summary>
    public async Task<Dictionary<string, FindingView>> LatestFindingsAsync(string kelurahanCode, CancellationToken ct)
    {
        var rows = await db.Set<RtFinding>().AsNoTracking()
            .Join(db.Residents, f => f.Nik, r => r.Nik, (f, r) => new { f, r.KelurahanCode })
            .Where(x => x.KelurahanCode == kelurahanCode)
            .Select(x => x.f).ToListAsync(ct);
        return rows.GroupBy(f => f.Nik, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => FindingView.Of(g.OrderBy(f => f.RecordedAt).ThenBy(f => f.Id).Last()),
                StringComparer.Ordinal);
    }

    /// <summary>Every finding of one resident, newest first.</summary>
    public async Task<IReadOnlyList<FindingView>> FindingsOfAsync(string nik, CancellationToken ct) =>
        [.. (await db.Set<RtFinding>().AsNoTracking().Where(f => f.Nik == nik).ToListAsync(ct))
            .OrderByDescending(f => f.RecordedAt).ThenByDescending(f => f.Id).Select(FindingView.Of)];

    /// <summary>
    /// Records what the RT found about each resident of the batch. Every row is checked first; when any row is
    /// wrong nothing is stored and every wrong row is listed. A resident found sick at home gets a home-visit request
    /// (unless one is open already), in the same transaction.
    /// </summary>
    public async Task<FindingsOutcome> RecordFindingsAsync(FindingsBody? body, CancellationToken ct)
    {
        var errors = new List<RowError>();
        if (body is null)
        {
            return FindingsOutcome.Invalid(new RowError(null, null, "request-malformed",
                "Send { reportedBy, foundOn, recordedBy, items: [ { nik, finding, expectedOn?, note? } ] }."));
        }

        var reportedBy = Clean(body.ReportedBy);
        var recordedBy = Clean(body.RecordedBy);
        if (reportedBy is null || reportedBy.Length > OutreachLimits.Person)
        {
            errors.Add(new RowError(null, null, "finding-invalid",
                $"'reportedBy' (the RT or Lurah who checked) is required, at most {OutreachLimits.Person} characters."));
        }

        if (recordedBy is null || recordedBy.Length > OutreachLimits.Person)
        {
            errors.Add(new RowError(null, null, "finding-invalid",
                $"'recordedBy' (the operator) is required, at most {OutreachLimits.Person} characters."));
        }

        var today = await TodayAsync(ct);
        if (!Dates.TryParse(body.FoundOn, out var foundOn) || foundOn > today)
        {
            errors.Add(new RowError(null, null, "date-invalid",
                $"'foundOn' must be a date YYYY-MM-DD not after today ({today:yyyy-MM-dd}), not '{body.FoundOn}'."));
        }

        var items = body.Items ?? [];
        if (items.Count is 0 or > MaxFindingsPerBatch)
        {
            errors.Add(new RowError(null, null, "finding-invalid",
                $"'items' must hold from 1 to {MaxFindingsPerBatch} findings."));
            return FindingsOutcome.Invalid([.. errors]);
        }

        var niks = items.Select(i => i?.Nik?.Trim()).Where(n => n is not null).Distinct().ToList();
        var residents = await db.Residents.AsNoTracking().Where(r => niks.Contains(r.Nik))
            .Select(r => new { r.Nik, r.RecordedAt, r.KelurahanCode }).ToDictionaryAsync(r => r.Nik, ct);
        var openVisits = (await db.Set<HomeVisitRequest>().AsNoTracking().Where(h => niks.Contains(h.Nik))
            .Select(h => h.Nik).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var parsed = new List<(string Nik, FindingKind Kind, DateOnly? ExpectedOn, string? Note)>();
        for (var index = 0; index < items.Count; index++)
        {
            var item = items[index];
            var nik = item?.Nik?.Trim();
            if (item is null || nik is null || !Nik.TryCreate(nik, out _))
            {
                errors.Add(new RowError(index, nik, "nik-malformed", $"'{nik}' is not a 16-digit NIK."));
                continue;
            }

            if (!seen.Add(nik))
            {
                errors.Add(new RowError(index, nik, "finding-duplicate", "The batch holds this NIK twice."));
                continue;
            }

            if (!residents.TryGetValue(nik, out var resident))
            {
                errors.Add(new RowError(index, nik, "resident-unknown", "No resident of this registry has this NIK."));
                continue;
            }

            if (resident.RecordedAt is not null)
            {
                errors.Add(new RowError(index, nik, "already-recorded",
                    "The resident is already recorded: there is nothing for the RT to check."));
                continue;
            }

            if (!FindingKinds.TryParse(item.Finding, out var kind))
            {
                errors.Add(new RowError(index, nik, "finding-unknown",
                    $"'{item.Finding}' is not one of {FindingKinds.Codes}."));
                continue;
            }

            DateOnly? expectedOn = null;
            if (item.ExpectedOn is { Length: > 0 } text)
            {
                if (kind != FindingKind.WillCome || !Dates.TryParse(text, out var d))
                {
                    errors.Add(new RowError(index, nik, "date-invalid",
                        $"'expectedOn' is a date YYYY-MM-DD, given only with will-come; not '{text}'."));
                    continue;
                }

                expectedOn = d;
            }

            var note = Clean(item.Note);
            if (note is { Length: > OutreachLimits.Note })
            {
                errors.Add(new RowError(index, nik, "finding-invalid",
                    $"'note' is longer than {OutreachLimits.Note} characters."));
                continue;
            }

            parsed.Add((nik, kind, expectedOn, note));
        }

        if (errors.Count > 0)
        {
            return FindingsOutcome.Invalid([.. errors]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var saved = new List<RtFinding>();
        var visits = 0;
        foreach (var (nik, kind, expectedOn, note) in parsed)
        {
            var finding = new RtFinding
            {
                Id = Guid.CreateVersion7(),
                Nik = nik,
                Kind = kind,
                ReportedBy = reportedBy!,
                FoundOn = foundOn,
                RecordedBy = recordedBy!,
                RecordedAt = now,
                ExpectedOn = expectedOn,
                Note = note,
            };
            db.Add(finding);
            saved.Add(finding);
            if (kind == FindingKind.SickAtHome && !openVisits.Contains(nik))
            {
                db.Add(new HomeVisitRequest
                {
                    Id = Guid.CreateVersion7(),
                    Nik = nik,
                    Reason = HomeVisitReason.Sick,
                    Note = note,
                    RequestedBy = reportedBy!,
                    RequestedAt = now,
                    FindingId = finding.Id,
                });
                visits++;
            }
        }

        await db.SaveChangesAsync(ct);
        return new FindingsOutcome([.. saved.Select(FindingView.Of)], visits, []);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

internal sealed record Place(string KelurahanCode, string Kelurahan, string KecamatanCode, string Kecamatan);

internal sealed record UnrecordedResident(string Nik, string Name, string Sex, DateOnly BirthDate, int Age,
    string Address, int Rt, int Rw, string KkNumber, FindingView? Finding, bool HomeVisitRequested);

internal sealed record UnrecordedList(Place Place, int? Rw, int? Rt, DateOnly AsOf, int Total, FindingCounts Findings,
    IReadOnlyList<UnrecordedResident> Items)
{
    /// <summary>What the list's reader must know about the figures.</summary>
    public IReadOnlyList<string> Notes { get; } =
    [
        "Residents the RT found dead or moved away are not a gap in coverage, but they stay on this list and count " +
        "as unrecorded wajib KTP until the registry (SIAK) is updated.",
        "Residents found sick at home have a home-visit request; those who will come are expected at the office.",
    ];
}

internal sealed record FindingCounts(int Unchecked, int MovedAway, int Died, int WorkingElsewhere, int SickAtHome,
    int WillCome)
{
    /// <summary>Dead or moved away: still counted as unrecorded until SIAK is updated.</summary>
    public int LeftRegistry => MovedAway + Died;

    public static FindingCounts Of(IEnumerable<UnrecordedResident> items)
    {
        var list = items.ToList();
        int Count(FindingKind k) => list.Count(i => i.Finding?.Kind == k);
        return new FindingCounts(list.Count(i => i.Finding is null), Count(FindingKind.MovedAway),
            Count(FindingKind.Died), Count(FindingKind.WorkingElsewhere), Count(FindingKind.SickAtHome),
            Count(FindingKind.WillCome));
    }
}

internal sealed record FindingView(Guid Id, string Nik, string Finding, string ReportedBy, DateOnly FoundOn,
    string RecordedBy, DateTime RecordedAt, DateOnly? ExpectedOn, string? Note)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public FindingKind Kind => FindingKinds.TryParse(Finding, out var k) ? k : default;

    public static FindingView Of(RtFinding f) => new(f.Id, f.Nik, f.Kind.ToCode(), f.ReportedBy, f.FoundOn,
        f.RecordedBy, f.RecordedAt, f.ExpectedOn, f.Note);
}

internal sealed record FindingsBody(string? ReportedBy, string? FoundOn, string? RecordedBy,
    IReadOnlyList<FindingItem?>? Items);

internal sealed record FindingItem(string? Nik, string? Finding, string? ExpectedOn, string? Note);

/// <summary>One wrong row of a batch or an upload: its index (0-based) or line (1-based), the NIK when known, a
/// problem code and the reason.</summary>
internal sealed record RowError(int? Row, string? Nik, string Code, string Detail);

internal sealed record FindingsOutcome(IReadOnlyList<FindingView> Saved, int HomeVisitsRequested,
    IReadOnlyList<RowError> Errors)
{
    public static FindingsOutcome Invalid(params RowError[] errors) => new([], 0, errors);
}

internal static class Dates
{
    public static bool TryParse(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out date);
}
