using Ektp.Core.Eligibility;
using Ektp.Core.Identity;
using Ektp.Core.Regions;
using Ektp.Core.Residents;
using Ektp.Regional.Data;
using Ektp.Regional.Outreach;
using Ektp.Regional.Printing;
using Ektp.Regional.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Planning;

/// <summary>
/// Planning of mobile sessions (jemput bola): where to go next, scheduling a session with its list of invited
/// residents, expected against recorded afterwards, home-visit requests grouped into rounds, and the projection to
/// 100 % per kecamatan.
/// </summary>
internal sealed class SessionService(RegionalDbContext db, OutreachService outreach, InstitutionService institutions,
    RegionCatalog regions, RegionalInfo region, TimeProvider clock)
{
    public const int MaxDays = 14;

    /// <summary>A packet's size when the office has not recorded any yet (photo, signature, ten fingers).</summary>
    public const long DefaultPacketBytes = 400 * 1024;

    /// <summary>
    /// Kelurahan, schools, prisons and companies ranked by how many residents there are still to record: for a
    /// kelurahan the unrecorded wajib KTP less those the RT found dead or moved away; for an institution the people
    /// of its list who are unrecorded and may be recorded today.
    /// </summary>
    public async Task<IReadOnlyList<Suggestion>> SuggestAsync(CancellationToken ct)
    {
        var today = await outreach.TodayAsync(ct);
        // Wajib KTP today: ever married, or born on or before the last birth date that Core's rule makes 17 by today.
        var wajibBy = BirthDateClasses.LastBirthDate(WajibKtp.WajibKtpDate, today);
        // The database counts the unrecorded wajib KTP per kelurahan (a city has 100,000 of them); only those an RT
        // head reported on or a home visit was asked for are read one by one.
        var unrecorded = await db.Residents.AsNoTracking()
            .Where(r => r.RecordedAt == null && (r.MaritalStatus != MaritalStatus.BelumKawin || r.BirthDate <= wajibBy))
            // Grouped by an expression, not the column: SQLite would otherwise walk the (kelurahan, RW, RT) index and
            // fetch every row through it, five times slower than reading the table once and sorting the codes.
            .GroupBy(r => r.KelurahanCode + "")
            .Select(g => new { Kelurahan = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var findings = (await db.Set<RtFinding>().AsNoTracking().ToListAsync(ct))
            .GroupBy(f => f.Nik, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(f => f.RecordedAt).ThenBy(f => f.Id).Last().Kind,
                StringComparer.Ordinal);
        var visits = (await db.Set<HomeVisitRequest>().AsNoTracking().Where(h => h.SessionId == null)
            .Select(h => h.Nik).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var named = findings.Keys.Union(visits, StringComparer.Ordinal).ToList();
        var marked = (await db.Residents.AsNoTracking().Where(r => r.RecordedAt == null && named.Contains(r.Nik))
                .Select(r => new { r.Nik, r.KelurahanCode, r.BirthDate, r.MaritalStatus }).ToListAsync(ct))
            .Where(r => WajibKtp.IsWajibKtp(r.BirthDate, r.MaritalStatus, today))
            .ToLookup(r => r.KelurahanCode, StringComparer.Ordinal);
        var upcoming = await db.Set<MobileSession>().AsNoTracking().Where(s => s.EndDate >= today)
            .Select(s => new { s.KelurahanCode, s.InstitutionId, s.Kind }).ToListAsync(ct);

        var suggestions = new List<Suggestion>();
        foreach (var group in unrecorded)
        {
            if (outreach.Kelurahan(group.Kelurahan) is not { } place)
            {
                continue;
            }

            var residents = marked[group.Kelurahan].ToList();
            var kinds = residents.Select(r => findings.TryGetValue(r.Nik, out var k) ? k : (FindingKind?)null).ToList();
            var left = kinds.Count(k => k is { } x && x.LeavesRegistry());
            var planned = upcoming.Any(s => s.KelurahanCode == group.Kelurahan && s.InstitutionId == null &&
                                            s.Kind != RecordingLocation.Home);
            suggestions.Add(new Suggestion("kelurahan", place.KelurahanCode, place.Kelurahan, place.KelurahanCode,
                place.Kelurahan, place.Kecamatan, group.Count - left, group.Count, left,
                kinds.Count(k => k == FindingKind.WillCome), residents.Count(r => visits.Contains(r.Nik)), null,
                planned ? "scheduled" : "schedule"));
        }

        foreach (var i in await institutions.ListAsync(null, ct))
        {
            var next = i.State switch
            {
                "letter-needed" => "send-letter",
                "awaiting-answer" => "await-answer",
                "not-ready" => "await-answer",
                "scheduled" => "scheduled",
                _ => i.Members == 0 ? "upload-list" : "schedule",
            };
            suggestions.Add(new Suggestion(i.Kind, i.Id.ToString(), i.Name, i.Kelurahan, i.KelurahanName,
                i.KecamatanName, i.Unrecorded, i.Unrecorded, 0, 0, 0, i.State, next));
        }

        return [.. suggestions.OrderByDescending(s => s.ToRecord).ThenBy(s => s.Name, StringComparer.Ordinal)];
    }

    public async Task<Outcome<SessionView>> CreateAsync(SessionBody? body, CancellationToken ct)
    {
        if (body is null)
        {
            return Invalid("Send { kind, kelurahan?, institutionId?, place?, startDate, endDate?, team, expected?, " +
                           "fieldKit?, note?, createdBy }.");
        }

        if (!RecordingLocations.TryParse(body.Kind, out var kind) || kind == RecordingLocation.Office)
        {
            return Invalid($"'kind' is kecamatan, village, school, prison, company or home, not '{body.Kind}'.");
        }

        var today = await outreach.TodayAsync(ct);
        if (!Dates.TryParse(body.StartDate, out var start) || Math.Abs(start.DayNumber - today.DayNumber) > 366)
        {
            return BadDate($"'startDate' must be a date YYYY-MM-DD within a year of today, not '{body.StartDate}'.");
        }

        var end = start;
        if (body.EndDate is { Length: > 0 } endText && !Dates.TryParse(endText, out end))
        {
            return BadDate($"'endDate' must be a date YYYY-MM-DD, not '{endText}'.");
        }

        if (end < start || end.DayNumber - start.DayNumber + 1 > MaxDays)
        {
            return BadDate($"'endDate' must be on or after 'startDate', at most {MaxDays} days in all.");
        }

        var team = Clean(body.Team);
        var by = Clean(body.CreatedBy);
        if (team is null or { Length: > OutreachLimits.Team } || by is null or { Length: > OutreachLimits.Person })
        {
            return Invalid($"'team' (≤ {OutreachLimits.Team}) and 'createdBy' (≤ {OutreachLimits.Person} characters) " +
                           "are required.");
        }

        if (body.Expected is < 0 or > 100_000 || body.Place is { Length: > OutreachLimits.Name } ||
            body.Note is { Length: > OutreachLimits.Note } || body.FieldKit is { Length: > OutreachLimits.Person })
        {
            return Invalid("'expected' is 0–100000; 'place', 'note' and 'fieldKit' have their length limits.");
        }

        Place place;
        Guid? institutionId = null;
        List<string> list;
        int? defaultExpected = null;
        List<HomeVisitRequest> visits = [];
        if (kind is RecordingLocation.School or RecordingLocation.Prison or RecordingLocation.Company)
        {
            var institution = body.InstitutionId is { } id
                ? await db.Set<Institution>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct)
                : null;
            if (institution is null)
            {
                return InstitutionService.Unknown(body.InstitutionId ?? Guid.Empty);
            }

            if (institution.Kind.ToCode() != kind.ToCode())
            {
                return Invalid($"The institution is a {institution.Kind.ToCode()}, the session a {kind.ToCode()}.");
            }

            if (institution.Kind == InstitutionKind.School && !(institution.AnsweredOn is not null && institution.Ready))
            {
                return new Refusal(StatusCodes.Status409Conflict, "school-not-ready",
                    "The school has not answered that it is ready.",
                    "Send the school the letter first (GET …/letter.pdf) and record its answer with the number of " +
                    "students (POST …/answer) before scheduling the visit.");
            }

            var members = await institutions.MembersAsync(institution.Id, ct);
            list = [.. members.Where(m => m.Nik is not null && !m.Recorded && m.CanRecordNow).Select(m => m.Nik!)
                .Distinct()];
            if (members.Count == 0)
            {
                return new Refusal(StatusCodes.Status409Conflict, "member-list-missing",
                    "The institution's list of people has not been uploaded.",
                    "Upload the list (NIK, NAMA, TGL_LHR) first: the session's letters and lists come from it.");
            }

            place = outreach.Kelurahan(institution.KelurahanCode)!;
            institutionId = institution.Id;
            defaultExpected = institution.ReadyCount;
            body = body with { Place = Clean(body.Place) ?? institution.Name };
        }
        else
        {
            if (outreach.Kelurahan(body.Kelurahan) is not { } kel)
            {
                return OutreachService.UnknownKelurahan(body.Kelurahan);
            }

            place = kel;
            if (kind == RecordingLocation.Home)
            {
                visits = await db.Set<HomeVisitRequest>().Where(h => h.SessionId == null)
                    .Join(db.Residents, h => h.Nik, r => r.Nik, (h, r) => new { h, r })
                    .Where(x => x.r.KelurahanCode == kel.KelurahanCode && x.r.RecordedAt == null)
                    .Select(x => x.h).ToListAsync(ct);
                if (visits.Count == 0)
                {
                    return new Refusal(StatusCodes.Status409Conflict, "home-visits-none",
                        "No home visit waits in this kelurahan.",
                        "Record home-visit requests (POST /api/sessions/home-visits) or RT findings 'sick-at-home' first.");
                }

                list = [.. visits.Select(v => v.Nik).Distinct()];
            }
            else
            {
                var unrecorded = await outreach.UnrecordedAsync(kel.KelurahanCode, null, null, ct);
                list = [.. unrecorded.Value!.Items.Where(i => i.Finding is not { } f || !f.Kind.LeavesRegistry())
                    .Select(i => i.Nik)];
            }

            body = body with
            {
                Place = Clean(body.Place) ?? kind switch
                {
                    RecordingLocation.Village => $"Balai Desa {kel.Kelurahan}",
                    RecordingLocation.Home => $"Kunjungan rumah Kel./Desa {kel.Kelurahan}",
                    _ => $"Kantor Kelurahan {kel.Kelurahan}",
                },
            };
        }

        var session = new MobileSession
        {
            Id = Guid.CreateVersion7(),
            Kind = kind,
            Place = body.Place!,
            KelurahanCode = place.KelurahanCode,
            InstitutionId = institutionId,
            StartDate = start,
            EndDate = end,
            Team = team,
            Expected = body.Expected ?? defaultExpected ?? list.Count,
            FieldKit = Clean(body.FieldKit),
            Note = Clean(body.Note),
            CreatedBy = by,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(session);
        db.AddRange(list.Select(nik => new SessionResident { SessionId = session.Id, Nik = nik }));
        foreach (var visit in visits)
        {
            visit.SessionId = session.Id;
        }

        await db.SaveChangesAsync(ct);
        return await ViewAsync(session, ct);
    }

    public async Task<IReadOnlyList<SessionView>> ListAsync(CancellationToken ct)
    {
        var sessions = await db.Set<MobileSession>().AsNoTracking().OrderByDescending(s => s.StartDate)
            .ThenBy(s => s.Place).Take(500).ToListAsync(ct);
        return await ViewsAsync(sessions, ct);
    }

    public async Task<MobileSession?> FindAsync(Guid id, CancellationToken ct) =>
        await db.Set<MobileSession>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);

    public async Task<SessionView> ViewAsync(MobileSession s, CancellationToken ct) => (await ViewsAsync([s], ct))[0];

    /// <summary>The sessions with their list sizes, state and offline plans, in a fixed number of queries.</summary>
    private async Task<IReadOnlyList<SessionView>> ViewsAsync(IReadOnlyList<MobileSession> sessions,
        CancellationToken ct)
    {
        var today = await outreach.TodayAsync(ct);
        var ids = sessions.Select(s => s.Id).ToList();
        var listed = await db.Set<SessionResident>().AsNoTracking().Where(r => ids.Contains(r.SessionId))
            .GroupBy(r => r.SessionId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        double? average = null;
        if (sessions.Any(s => s.Kind == RecordingLocation.Village || s.FieldKit is not null))
        {
            average = await db.Packets.AverageAsync(p => (double?)p.Size, ct) ?? DefaultPacketBytes;
        }

        return [.. sessions.Select(s =>
        {
            var place = outreach.Kelurahan(s.KelurahanCode);
            var offline = s.Kind == RecordingLocation.Village || s.FieldKit is not null
                ? new OfflinePlan(s.Days, s.Expected, (int)Math.Ceiling((double)s.Expected / s.Days),
                    Math.Round((decimal)(average!.Value * s.Expected / (1024 * 1024)), 1))
                : null;
            var state = today < s.StartDate ? "planned" : today > s.EndDate ? "done" : "running";
            return new SessionView(s.Id, s.Kind.ToCode(), s.Place, s.KelurahanCode, place?.Kelurahan ?? "",
                place?.Kecamatan ?? "", s.InstitutionId, s.StartDate, s.EndDate, s.Days, s.Team, s.Expected,
                listed.GetValueOrDefault(s.Id), s.FieldKit, s.Note, s.CreatedBy, s.CreatedAt, state, offline,
                $"/api/sessions/{s.Id}/letters.pdf", $"/api/sessions/{s.Id}/list.pdf",
                $"/api/sessions/{s.Id}/list.csv");
        })];
    }

    /// <summary>The residents on a session's list with what the list and the letters show.</summary>
    public async Task<IReadOnlyList<SessionListItem>> ListOfAsync(MobileSession s, CancellationToken ct)
    {
        var groups = s.InstitutionId is { } id
            ? (await db.Set<InstitutionMember>().AsNoTracking().Where(m => m.InstitutionId == id && m.MatchedNik != null)
                .Select(m => new { m.MatchedNik, m.Group }).ToListAsync(ct))
            .GroupBy(m => m.MatchedNik!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Group, StringComparer.Ordinal)
            : [];
        var rows = await db.Set<SessionResident>().AsNoTracking().Where(r => r.SessionId == s.Id)
            .Join(db.Residents, x => x.Nik, r => r.Nik, (x, r) => r).ToListAsync(ct);
        return [.. rows.OrderBy(r => r.Rw).ThenBy(r => r.Rt).ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new SessionListItem(r.Nik, r.Name, r.Sex == Sex.Female ? "P" : "L", r.BirthDate,
                r.Address, r.Rt, r.Rw, r.KelurahanCode, groups.GetValueOrDefault(r.Nik), r.RecordedAt,
                r.RecordedWhere?.ToCode()))];
    }

    /// <summary>
    /// Expected against recorded: the residents recorded during the session's days (office time) with the session's
    /// kind of recording location who were on its list, or — not invited but recorded there — who live in its
    /// kelurahan (kelurahan and village sessions) or are on the institution's list.
    /// </summary>
    public async Task<SessionResult> ResultAsync(MobileSession s, CancellationToken ct)
    {
        var office = await outreach.OfficeAsync(ct);
        var from = office.StartOf(s.StartDate);
        var to = office.StartOf(s.EndDate.AddDays(1));
        var list = (await db.Set<SessionResident>().AsNoTracking().Where(r => r.SessionId == s.Id)
            .Select(r => r.Nik).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var members = s.InstitutionId is { } id
            ? (await db.Set<InstitutionMember>().AsNoTracking()
                .Where(m => m.InstitutionId == id && m.MatchedNik != null).Select(m => m.MatchedNik!)
                .ToListAsync(ct)).ToHashSet(StringComparer.Ordinal)
            : [];
        var kind = s.Kind;
        var there = await db.Residents.AsNoTracking()
            .Where(r => r.RecordedAt >= from && r.RecordedAt < to && r.RecordedWhere == kind)
            .Select(r => new { r.Nik, r.Name, r.KelurahanCode, r.RecordedAt }).ToListAsync(ct);
        var area = kind is RecordingLocation.Kecamatan or RecordingLocation.Village;
        var recorded = there.Where(r => list.Contains(r.Nik) || members.Contains(r.Nik) ||
                                        (area && r.KelurahanCode == s.KelurahanCode))
            .OrderBy(r => r.RecordedAt)
            .Select(r => new SessionRecorded(r.Nik, r.Name, r.RecordedAt!.Value, list.Contains(r.Nik))).ToList();
        var recordedSet = recorded.Select(r => r.Nik).ToHashSet(StringComparer.Ordinal);
        var missing = (await ListOfAsync(s, ct)).Where(i => !recordedSet.Contains(i.Nik))
            .Select(i => new SessionMissing(i.Nik, i.Name, i.Address, i.Rt, i.Rw, i.Group,
                i.RecordedAt is not null, i.RecordedWhere)).ToList();
        var today = office.DayOf(clock.GetUtcNow().UtcDateTime);
        var state = today < s.StartDate ? "planned" : today > s.EndDate ? "done" : "running";
        var fromList = recorded.Count(r => r.OnList);
        return new SessionResult(s.Id, state, s.Expected, list.Count, recorded.Count, fromList,
            recorded.Count - fromList, recorded.Count - s.Expected,
            s.Expected == 0 ? 0m : Math.Round(100m * recorded.Count / s.Expected, 2, MidpointRounding.AwayFromZero),
            recorded, missing);
    }

    public async Task<Outcome<HomeVisitView>> RequestHomeVisitAsync(HomeVisitBody? body, CancellationToken ct)
    {
        var nik = body?.Nik?.Trim();
        if (body is null || nik is null || !Nik.TryCreate(nik, out _))
        {
            return new Refusal(StatusCodes.Status400BadRequest, "nik-malformed", "The NIK is missing or malformed.",
                $"'{nik}' is not a 16-digit NIK.");
        }

        if (!PlanningCodes.TryParse(body.Reason, out var reason) || Clean(body.RequestedBy) is not { } by ||
            by.Length > OutreachLimits.Person || body.Note is { Length: > OutreachLimits.Note })
        {
            return Invalid("Send { nik, reason: sick|elderly|disabled, requestedBy, note? }.");
        }

        var resident = await db.Residents.AsNoTracking().SingleOrDefaultAsync(r => r.Nik == nik, ct);
        if (resident is null)
        {
            return new Refusal(StatusCodes.Status404NotFound, "resident-unknown", "No resident has this NIK.",
                $"'{nik}' is not in this registry.");
        }

        if (resident.RecordedAt is not null)
        {
            return new Refusal(StatusCodes.Status409Conflict, "already-recorded", "The resident is already recorded.",
                "A home visit is for residents who still have to be recorded.");
        }

        if (await db.Set<HomeVisitRequest>().AnyAsync(h => h.Nik == nik && h.SessionId == null, ct))
        {
            return new Refusal(StatusCodes.Status409Conflict, "home-visit-pending",
                "A home visit already waits for this resident.", "It is in the rounds of its kelurahan.");
        }

        var request = new HomeVisitRequest
        {
            Id = Guid.CreateVersion7(),
            Nik = nik,
            Reason = reason,
            Note = Clean(body.Note),
            RequestedBy = by,
            RequestedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(request);
        await db.SaveChangesAsync(ct);
        return HomeVisitView.Of(request, resident);
    }

    /// <summary>Home visits waiting for a round, grouped by kelurahan (largest first), each round in RW/RT order so
    /// the team walks it street by street; and the rounds already scheduled.</summary>
    public async Task<HomeVisitRounds> RoundsAsync(CancellationToken ct)
    {
        var rows = await db.Set<HomeVisitRequest>().AsNoTracking()
            .Join(db.Residents, h => h.Nik, r => r.Nik, (h, r) => new { h, r }).ToListAsync(ct);
        var open = rows.Where(x => x.h.SessionId == null && x.r.RecordedAt == null)
            .GroupBy(x => x.r.KelurahanCode, StringComparer.Ordinal)
            .Select(g =>
            {
                var place = outreach.Kelurahan(g.Key);
                return new HomeVisitRound(g.Key, place?.Kelurahan ?? "", place?.Kecamatan ?? "", g.Count(),
                    [.. g.OrderBy(x => x.r.Rw).ThenBy(x => x.r.Rt).ThenBy(x => x.r.Address, StringComparer.Ordinal)
                        .Select(x => HomeVisitView.Of(x.h, x.r))]);
            })
            .OrderByDescending(r => r.Count).ThenBy(r => r.Kelurahan, StringComparer.Ordinal).ToList();
        var scheduled = rows.Where(x => x.h.SessionId != null)
            .OrderByDescending(x => x.h.RequestedAt).Take(500).Select(x => HomeVisitView.Of(x.h, x.r)).ToList();
        return new HomeVisitRounds(open.Sum(r => r.Count), open, scheduled);
    }

    /// <summary>Per kecamatan, at the weekly rate of the last <paramref name="weeks"/> weeks: when 100 % is reached,
    /// and the weekly rate needed to reach it by <paramref name="target"/>.</summary>
    public async Task<ProjectionReport> ProjectAsync(int weeks, DateOnly? target, CancellationToken ct)
    {
        var office = await outreach.OfficeAsync(ct);
        var today = office.DayOf(clock.GetUtcNow().UtcDateTime);
        var windowStart = office.StartOf(today.AddDays(-7 * weeks + 1));
        // Counted by the database per kecamatan. Wajib KTP today: ever married, or born on or before the last birth
        // date Core's rule makes 17 by today; turning 17 by the target: born on or before the one it makes 17 then.
        var wajibBy = BirthDateClasses.LastBirthDate(WajibKtp.WajibKtpDate, today);
        var turningBy = target is { } t ? BirthDateClasses.LastBirthDate(WajibKtp.WajibKtpDate, t) : DateOnly.MinValue;
        var counts = (await db.Residents.AsNoTracking()
                .Where(r => r.BirthDate <= today)
                .GroupBy(r => r.KecamatanCode)
                .Select(g => new
                {
                    Kecamatan = g.Key,
                    Wajib = g.Count(r => r.MaritalStatus != MaritalStatus.BelumKawin || r.BirthDate <= wajibBy),
                    Recorded = g.Count(r => (r.MaritalStatus != MaritalStatus.BelumKawin || r.BirthDate <= wajibBy)
                                            && r.RecordedAt != null),
                    InWindow = g.Count(r => (r.MaritalStatus != MaritalStatus.BelumKawin || r.BirthDate <= wajibBy)
                                            && r.RecordedAt >= windowStart),
                    Turning = g.Count(r => r.MaritalStatus == MaritalStatus.BelumKawin && r.BirthDate > wajibBy
                                           && r.RecordedAt == null && r.BirthDate <= turningBy),
                })
                .ToListAsync(ct))
            .ToDictionary(c => c.Kecamatan, StringComparer.Ordinal);
        var items = new List<KecamatanProjection>();
        foreach (var kec in regions.Children(region.KabKota.Code).Where(k => k.Level == RegionLevel.Kecamatan))
        {
            if (!counts.TryGetValue(kec.Digits, out var c) || (c.Wajib == 0 && c.Turning == 0))
            {
                continue;
            }

            items.Add(new KecamatanProjection(kec.Digits, kec.Name,
                Projection.Compute(c.Wajib, c.Recorded, c.InWindow, weeks, today, target, c.Turning)));
        }

        return new ProjectionReport(today, weeks, target, items);
    }

    private static Refusal Invalid(string detail) => new(StatusCodes.Status400BadRequest, "session-invalid",
        "The request is not complete or not valid.", detail);

    private static Refusal BadDate(string detail) =>
        new(StatusCodes.Status400BadRequest, "date-invalid", "A date is not valid.", detail);

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

internal sealed record Suggestion(string Kind, string Id, string Name, string Kelurahan, string KelurahanName,
    string KecamatanName, int ToRecord, int Unrecorded, int DeadOrMovedAway, int WillCome, int HomeVisits,
    string? State, string Next);

internal sealed record SessionBody(string? Kind, string? Kelurahan, Guid? InstitutionId, string? Place,
    string? StartDate, string? EndDate, string? Team, int? Expected, string? FieldKit, string? Note,
    string? CreatedBy);

internal sealed record OfflinePlan(int OfflineDays, int RecordingsToCarry, int PerDay, decimal EstimatedMegabytes);

internal sealed record SessionView(Guid Id, string Kind, string Place, string Kelurahan, string KelurahanName,
    string KecamatanName, Guid? InstitutionId, DateOnly StartDate, DateOnly EndDate, int Days, string Team,
    int Expected, int Listed, string? FieldKit, string? Note, string CreatedBy, DateTime CreatedAt, string State,
    OfflinePlan? Offline, string Letters, string List, string ListCsv);

internal sealed record SessionListItem(string Nik, string Name, string Sex, DateOnly BirthDate, string Address,
    int Rt, int Rw, string Kelurahan, string? Group, DateTime? RecordedAt, string? RecordedWhere);

internal sealed record SessionRecorded(string Nik, string Name, DateTime RecordedAt, bool OnList);

internal sealed record SessionMissing(string Nik, string Name, string Address, int Rt, int Rw, string? Group,
    bool RecordedElsewhere, string? RecordedWhere);

internal sealed record SessionResult(Guid SessionId, string State, int Expected, int Listed, int Recorded,
    int RecordedFromList, int RecordedNotOnList, int Difference, decimal PercentOfExpected,
    IReadOnlyList<SessionRecorded> RecordedResidents, IReadOnlyList<SessionMissing> NotRecorded);

internal sealed record HomeVisitBody(string? Nik, string? Reason, string? RequestedBy, string? Note);

internal sealed record HomeVisitView(Guid Id, string Nik, string Name, string Address, int Rt, int Rw,
    string Kelurahan, string Reason, string? Note, string RequestedBy, DateTime RequestedAt, string Source,
    Guid? SessionId)
{
    public static HomeVisitView Of(HomeVisitRequest h, Registry.ResidentRecord r) => new(h.Id, h.Nik, r.Name,
        r.Address, r.Rt, r.Rw, r.KelurahanCode, h.Reason.ToCode(), h.Note, h.RequestedBy, h.RequestedAt,
        h.FindingId is null ? "operator" : "rt-finding", h.SessionId);
}

internal sealed record HomeVisitRound(string Kelurahan, string KelurahanName, string KecamatanName, int Count,
    IReadOnlyList<HomeVisitView> Requests);

internal sealed record HomeVisitRounds(int Waiting, IReadOnlyList<HomeVisitRound> Rounds,
    IReadOnlyList<HomeVisitView> Scheduled);

internal sealed record KecamatanProjection(string Kecamatan, string Name, ProjectionFigures Figures);

internal sealed record ProjectionReport(DateOnly AsOf, int Weeks, DateOnly? Target,
    IReadOnlyList<KecamatanProjection> Kecamatan);
