using System.Globalization;
using System.Text;
using Ektp.Core.Eligibility;
using Ektp.Core.Identity;
using Ektp.Core.Residents;
using Ektp.Regional.Data;
using Ektp.Regional.Printing;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Outreach;

/// <summary>
/// Schools, prisons and companies: registering them, the letter and the institution's answer (a school is visited
/// only once it answered that it is ready), their people lists uploaded as CSV and matched against the registry by
/// NIK, else by name and date of birth, and the students of 15 and 16 who turn 17 in the coming months.
/// </summary>
internal sealed class InstitutionService(RegionalDbContext db, OutreachService outreach, RegionalSettings settings,
    TimeProvider clock)
{
    public const int MaxMembers = 5000;
    public const long MaxUploadBytes = 2 * 1024 * 1024;

    public async Task<Outcome<InstitutionView>> CreateAsync(InstitutionBody? body, CancellationToken ct)
    {
        if (body is null)
        {
            return Invalid("Send { kind, name, kelurahan, address, contact?, createdBy }.");
        }

        if (!InstitutionCodes.TryParse(body.Kind, out var kind))
        {
            return Invalid($"'kind' must be school, prison or company, not '{body.Kind}'.");
        }

        var name = Text(body.Name, OutreachLimits.Name);
        var address = Text(body.Address, OutreachLimits.Address);
        var by = Text(body.CreatedBy, OutreachLimits.Person);
        if (name is null || address is null || by is null)
        {
            return Invalid($"'name' (≤ {OutreachLimits.Name}), 'address' (≤ {OutreachLimits.Address}) and " +
                           $"'createdBy' (≤ {OutreachLimits.Person} characters) are required.");
        }

        if (body.Contact is { Length: > OutreachLimits.Person })
        {
            return Invalid($"'contact' is longer than {OutreachLimits.Person} characters.");
        }

        if (outreach.Kelurahan(body.Kelurahan) is not { } place)
        {
            return OutreachService.UnknownKelurahan(body.Kelurahan);
        }

        var institution = new Institution
        {
            Id = Guid.CreateVersion7(),
            Kind = kind,
            Name = name,
            KelurahanCode = place.KelurahanCode,
            Address = address,
            Contact = string.IsNullOrWhiteSpace(body.Contact) ? null : body.Contact.Trim(),
            CreatedBy = by,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(institution);
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync([institution], ct))[0];
    }

    public async Task<IReadOnlyList<InstitutionView>> ListAsync(InstitutionKind? kind, CancellationToken ct)
    {
        var rows = await db.Set<Institution>().AsNoTracking().Where(i => kind == null || i.Kind == kind)
            .OrderBy(i => i.Name).ToListAsync(ct);
        return await ViewsAsync(rows, ct);
    }

    public async Task<InstitutionView?> FindAsync(Guid id, CancellationToken ct) =>
        await db.Set<Institution>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct) is { } i
            ? (await ViewsAsync([i], ct))[0]
            : null;

    /// <summary>Each institution with its people counts: on the list, matched, unrecorded (who may be recorded
    /// today), and its state in the letter → answer → visit sequence.</summary>
    public async Task<IReadOnlyList<InstitutionView>> ViewsAsync(IReadOnlyList<Institution> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var today = await outreach.TodayAsync(ct);
        var members = await db.Set<InstitutionMember>().AsNoTracking().Where(m => ids.Contains(m.InstitutionId))
            .GroupJoin(db.Residents, m => m.MatchedNik, r => r.Nik, (m, rs) => new { m, rs })
            .SelectMany(x => x.rs.DefaultIfEmpty(), (x, r) => new
            {
                x.m.InstitutionId,
                x.m.MatchedNik,
                Recorded = r != null && r.RecordedAt != null,
                BirthDate = r == null ? (DateOnly?)null : r.BirthDate,
                Marital = r == null ? (MaritalStatus?)null : r.MaritalStatus,
            }).ToListAsync(ct);
        var sessions = await db.Set<Planning.MobileSession>().AsNoTracking()
            .Where(s => s.InstitutionId != null && ids.Contains(s.InstitutionId.Value))
            .Select(s => new { s.InstitutionId, s.EndDate }).ToListAsync(ct);
        var views = new List<InstitutionView>();
        foreach (var i in rows)
        {
            var mine = members.Where(m => m.InstitutionId == i.Id).ToList();
            var matched = mine.Count(m => m.MatchedNik != null);
            var unrecorded = mine.Count(m => m.MatchedNik != null && !m.Recorded && m.BirthDate is { } b &&
                WajibKtp.CanRecord(b, m.Marital!.Value, today, settings.MinimumRecordingAge));
            var scheduled = sessions.Any(s => s.InstitutionId == i.Id && s.EndDate >= today);
            var place = outreach.Kelurahan(i.KelurahanCode);
            views.Add(new InstitutionView(i.Id, i.Kind.ToCode(), i.Name, i.KelurahanCode, place?.Kelurahan ?? "",
                place?.Kecamatan ?? "", i.Address, i.Contact, i.CreatedBy, i.CreatedAt, i.LetterSentAt, i.LetterSentBy,
                i.AnsweredOn, i.AnsweredOn is null ? null : i.Ready, i.ReadyCount, i.AnsweredBy, i.AnswerNote,
                i.MembersUploadedAt, mine.Count, matched, mine.Count - matched, unrecorded,
                State(i, scheduled)));
        }

        return views;
    }

    /// <summary>Where an institution stands: letter to send, waiting for its answer, not ready, ready to schedule,
    /// or scheduled. Only a school needs the letter and the answer first.</summary>
    private static string State(Institution i, bool scheduled) =>
        scheduled ? "scheduled"
        : i.Kind != InstitutionKind.School ? "ready"
        : i.AnsweredOn is not null ? (i.Ready ? "ready" : "not-ready")
        : i.LetterSentAt is not null ? "awaiting-answer"
        : "letter-needed";

    public async Task<Outcome<InstitutionView>> LetterSentAsync(Guid id, ByBody? body, CancellationToken ct)
    {
        var institution = await db.Set<Institution>().SingleOrDefaultAsync(i => i.Id == id, ct);
        if (institution is null)
        {
            return Unknown(id);
        }

        if (Text(body?.By, OutreachLimits.Person) is not { } by)
        {
            return Invalid($"'by' (who sent the letter) is required, at most {OutreachLimits.Person} characters.");
        }

        institution.LetterSentAt = clock.GetUtcNow().UtcDateTime;
        institution.LetterSentBy = by;
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync([institution], ct))[0];
    }

    public async Task<Outcome<InstitutionView>> AnswerAsync(Guid id, AnswerBody? body, CancellationToken ct)
    {
        var institution = await db.Set<Institution>().SingleOrDefaultAsync(i => i.Id == id, ct);
        if (institution is null)
        {
            return Unknown(id);
        }

        if (body?.Ready is not { } ready || Text(body.By, OutreachLimits.Person) is not { } by)
        {
            return Invalid("Send { ready: true|false, students?, answeredOn: YYYY-MM-DD, by, note? }.");
        }

        var today = await outreach.TodayAsync(ct);
        if (!Dates.TryParse(body.AnsweredOn, out var on) || on > today)
        {
            return new Refusal(StatusCodes.Status400BadRequest, "date-invalid", "The date is not valid.",
                $"'answeredOn' must be a date YYYY-MM-DD not after today, not '{body.AnsweredOn}'.");
        }

        if (ready && body.Students is not (> 0 and <= MaxMembers))
        {
            return Invalid($"A ready answer gives 'students': how many will be recorded (1 to {MaxMembers}).");
        }

        if (body.Note is { Length: > OutreachLimits.Note })
        {
            return Invalid($"'note' is longer than {OutreachLimits.Note} characters.");
        }

        institution.AnsweredOn = on;
        institution.Ready = ready;
        institution.ReadyCount = ready ? body.Students : null;
        institution.AnsweredBy = by;
        institution.AnswerNote = string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim();
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync([institution], ct))[0];
    }

    /// <summary>
    /// Replaces an institution's people list with the uploaded CSV (header with NAMA and TGL_LHR, optional NIK and
    /// KELAS; comma or semicolon). Every line is checked first: when any is malformed nothing is stored and each bad
    /// line is listed. Each person is matched by NIK, else by name and date of birth (one resident only).
    /// </summary>
    public async Task<UploadOutcome> UploadMembersAsync(Guid id, string csv, string? by, CancellationToken ct)
    {
        var institution = await db.Set<Institution>().SingleOrDefaultAsync(i => i.Id == id, ct);
        if (institution is null)
        {
            return UploadOutcome.Refused(Unknown(id));
        }

        if (Text(by, OutreachLimits.Person) is not { } uploader)
        {
            return UploadOutcome.Refused(Invalid($"'by' (who uploads the list) is required, at most " +
                                                 $"{OutreachLimits.Person} characters."));
        }

        var parsed = MemberCsv.Parse(csv, await outreach.TodayAsync(ct));
        if (parsed.Problem is { } problem)
        {
            return UploadOutcome.Refused(problem);
        }

        if (parsed.Errors.Count > 0)
        {
            return new UploadOutcome(null, null, parsed.Errors);
        }

        var rows = parsed.Rows;
        var niks = rows.Where(r => r.Nik is not null).Select(r => r.Nik!).Distinct().ToList();
        var byNik = (await db.Residents.AsNoTracking().Where(r => niks.Contains(r.Nik)).Select(r => r.Nik)
            .ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var dates = rows.Select(r => r.BirthDate).Distinct().ToList();
        var sameBirth = (await db.Residents.AsNoTracking().Where(r => dates.Contains(r.BirthDate))
                .Select(r => new { r.Nik, r.NameKey, r.BirthDate }).ToListAsync(ct))
            .ToLookup(r => (MemberCsv.NameKey(r.NameKey), r.BirthDate));

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Set<InstitutionMember>().Where(m => m.InstitutionId == id).ExecuteDeleteAsync(ct);
        var members = new List<InstitutionMember>();
        var unmatched = new List<UnmatchedMember>();
        foreach (var row in rows)
        {
            var member = new InstitutionMember
            {
                InstitutionId = id,
                Line = row.Line,
                Name = row.Name,
                BirthDate = row.BirthDate,
                GivenNik = row.Nik,
                Group = row.Group,
            };
            var candidates = sameBirth[(MemberCsv.NameKey(row.Name), row.BirthDate)].ToList();
            if (row.Nik is not null && byNik.Contains(row.Nik))
            {
                (member.MatchedNik, member.Match) = (row.Nik, MemberMatch.Nik);
            }
            else if (candidates.Count == 1)
            {
                (member.MatchedNik, member.Match) = (candidates[0].Nik, MemberMatch.NameAndBirthDate);
            }
            else
            {
                unmatched.Add(new UnmatchedMember(row.Line, row.Name, row.BirthDate, row.Nik, row.Group,
                    candidates.Count > 1
                        ? $"{candidates.Count} residents have this name and date of birth; give the NIK."
                        : row.Nik is null
                            ? "No resident has this name and date of birth."
                            : "No resident has this NIK, nor this name and date of birth."));
            }

            members.Add(member);
        }

        db.AddRange(members);
        institution.MembersUploadedAt = clock.GetUtcNow().UtcDateTime;
        institution.MembersUploadedBy = uploader;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new UploadOutcome(new UploadSummary(rows.Count, members.Count(m => m.Match == MemberMatch.Nik),
            members.Count(m => m.Match == MemberMatch.NameAndBirthDate), unmatched.Count, unmatched), null, []);
    }

    /// <summary>The people of an institution's list with the resident each was matched to and where they stand.
    /// </summary>
    public async Task<IReadOnlyList<MemberView>> MembersAsync(Guid id, CancellationToken ct)
    {
        var today = await outreach.TodayAsync(ct);
        var rows = await db.Set<InstitutionMember>().AsNoTracking().Where(m => m.InstitutionId == id)
            .GroupJoin(db.Residents, m => m.MatchedNik, r => r.Nik, (m, rs) => new { m, rs })
            .SelectMany(x => x.rs.DefaultIfEmpty(), (x, r) => new { x.m, r })
            .OrderBy(x => x.m.Line).ToListAsync(ct);
        return [.. rows.Select(x => new MemberView(x.m.Line, x.m.Name, x.m.BirthDate, x.m.GivenNik, x.m.Group,
            x.m.Match.ToCode(), x.m.MatchedNik, x.r?.Name, x.r?.RecordedAt is not null,
            x.r is not null && WajibKtp.CanRecord(x.r.BirthDate, x.r.MaritalStatus, today, settings.MinimumRecordingAge),
            x.r is null ? null : WajibKtp.WajibKtpDate(x.r.BirthDate)))];
    }

    /// <summary>
    /// Students aged 15 or 16 (never married), not yet recorded, who turn 17 within <paramref name="months"/> months,
    /// per school: recorded at school now, their card is printed and delivered to the school on the 17th birthday.
    /// </summary>
    public async Task<IReadOnlyList<SchoolTurning17>> Turning17Async(int months, CancellationToken ct)
    {
        var today = await outreach.TodayAsync(ct);
        var until = today.AddMonths(months);
        var schools = await db.Set<Institution>().AsNoTracking().Where(i => i.Kind == InstitutionKind.School)
            .OrderBy(i => i.Name).ToListAsync(ct);
        var ids = schools.Select(s => s.Id).ToList();
        var rows = await db.Set<InstitutionMember>().AsNoTracking()
            .Where(m => ids.Contains(m.InstitutionId) && m.MatchedNik != null)
            .Join(db.Residents, m => m.MatchedNik, r => r.Nik, (m, r) => new { m.InstitutionId, m.Group, r })
            .Where(x => x.r.RecordedAt == null).ToListAsync(ct);
        var result = new List<SchoolTurning17>();
        foreach (var school in schools)
        {
            var students = rows.Where(x => x.InstitutionId == school.Id)
                .Where(x => !x.r.MaritalStatus.HasEverMarried())
                .Select(x => (x.r, x.Group, Turns: WajibKtp.WajibKtpDate(x.r.BirthDate)))
                .Where(x => x.Turns > today && x.Turns <= until)
                .OrderBy(x => x.Turns).ThenBy(x => x.r.Name, StringComparer.Ordinal)
                .Select(x => new Turning17Student(x.r.Nik, x.r.Name, x.Group, x.r.BirthDate,
                    WajibKtp.AgeOn(x.r.BirthDate, today), x.Turns,
                    WajibKtp.CanRecord(x.r.BirthDate, x.r.MaritalStatus, today, settings.MinimumRecordingAge)))
                .ToList();
            if (students.Count > 0)
            {
                result.Add(new SchoolTurning17(school.Id, school.Name, school.KelurahanCode, students));
            }
        }

        return result;
    }

    public static Refusal Unknown(Guid id) => new(StatusCodes.Status404NotFound, "institution-unknown",
        "No school, prison or company has this id.", $"'{id}' is not registered at this office.");

    private static Refusal Invalid(string detail) => new(StatusCodes.Status400BadRequest, "institution-invalid",
        "The request is not complete or not valid.", detail);

    private static string? Text(string? value, int max) =>
        string.IsNullOrWhiteSpace(value) || value.Trim().Length > max ? null : value.Trim();
}

internal sealed record InstitutionBody(string? Kind, string? Name, string? Kelurahan, string? Address,
    string? Contact, string? CreatedBy);

internal sealed record ByBody(string? By);

internal sealed record AnswerBody(bool? Ready, int? Students, string? AnsweredOn, string? By, string? Note);

internal sealed record InstitutionView(Guid Id, string Kind, string Name, string Kelurahan, string KelurahanName,
    string KecamatanName, string Address, string? Contact, string CreatedBy, DateTime CreatedAt,
    DateTime? LetterSentAt, string? LetterSentBy, DateOnly? AnsweredOn, bool? Ready, int? ReadyCount,
    string? AnsweredBy, string? AnswerNote, DateTime? MembersUploadedAt, int Members, int Matched, int Unmatched,
    int Unrecorded, string State);

internal sealed record MemberView(int Line, string Name, DateOnly BirthDate, string? GivenNik, string? Group,
    string Match, string? Nik, string? RegistryName, bool Recorded, bool CanRecordNow, DateOnly? Turns17On);

internal sealed record UnmatchedMember(int Line, string Name, DateOnly BirthDate, string? Nik, string? Group,
    string Reason);

internal sealed record UploadSummary(int Rows, int MatchedByNik, int MatchedByNameAndBirthDate, int UnmatchedCount,
    IReadOnlyList<UnmatchedMember> Unmatched);

internal sealed record UploadOutcome(UploadSummary? Summary, Refusal? Problem, IReadOnlyList<RowError> Errors)
{
    public static UploadOutcome Refused(Refusal problem) => new(null, problem, []);
}

internal sealed record Turning17Student(string Nik, string Name, string? Group, DateOnly BirthDate, int Age,
    DateOnly Turns17On, bool CanRecordNow);

internal sealed record SchoolTurning17(Guid Id, string Name, string Kelurahan, IReadOnlyList<Turning17Student> Students);

/// <summary>Reads an institution's people list (CSV) and checks every line.</summary>
internal static class MemberCsv
{
    private static readonly string[] NameColumns = ["NAMA", "NAMA_LGKP", "NAMA_LENGKAP", "NAME"];
    private static readonly string[] BirthColumns = ["TGL_LHR", "TANGGAL_LAHIR", "TGL_LAHIR", "BIRTH_DATE"];
    private static readonly string[] NikColumns = ["NIK"];
    private static readonly string[] GroupColumns = ["KELAS", "BAGIAN", "BLOK", "GROUP"];
    private static readonly string[] DateFormats = ["dd-MM-yyyy", "d-M-yyyy", "dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"];

    public sealed record Row(int Line, string Name, DateOnly BirthDate, string? Nik, string? Group);

    public sealed record Result(IReadOnlyList<Row> Rows, IReadOnlyList<RowError> Errors, Refusal? Problem);

    /// <summary>Upper case, single spaces, without the dots and commas of titles ("M. Rizky" = "M RIZKY").</summary>
    public static string NameKey(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name.ToUpperInvariant())
        {
            var ch = char.IsLetterOrDigit(c) || c == '\'' ? c : ' ';
            if (ch != ' ' || (text.Length > 0 && text[^1] != ' '))
            {
                text.Append(ch);
            }
        }

        return text.ToString().TrimEnd();
    }

    public static Result Parse(string csv, DateOnly today)
    {
        var lines = csv.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var header = lines.Length > 0 ? lines[0] : "";
        if (header.Trim().Length == 0)
        {
            return new Result([], [], new Refusal(StatusCodes.Status400BadRequest, "member-list-empty",
                "The list is empty.", "Upload a CSV whose first line is a header such as NIK,NAMA,TGL_LHR,KELAS."));
        }

        var separator = header.Contains(';', StringComparison.Ordinal) && !header.Contains(',', StringComparison.Ordinal)
            ? ';' : ',';
        var fields = new List<string>();
        Csv.TrySplit(header, separator, fields);
        var names = fields.Select(f => f.Trim().ToUpperInvariant()).ToList();
        int Find(string[] options) => names.FindIndex(n => options.Contains(n, StringComparer.Ordinal));
        var (name, birth, nik, group) = (Find(NameColumns), Find(BirthColumns), Find(NikColumns), Find(GroupColumns));
        if (name < 0 || birth < 0)
        {
            return new Result([], [], new Refusal(StatusCodes.Status400BadRequest, "member-list-header",
                "The list's header lacks a column.",
                "The first line must name the columns: NAMA and TGL_LHR are required, NIK and KELAS optional " +
                $"(found: {string.Join(separator, fields)})."));
        }

        var rows = new List<Row>();
        var errors = new List<RowError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 1; i < lines.Length; i++)
        {
            var lineNumber = i + 1;
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            if (rows.Count + errors.Count >= InstitutionService.MaxMembers)
            {
                return new Result([], [], new Refusal(StatusCodes.Status413PayloadTooLarge, "member-list-too-large",
                    "The list is too long.", $"A list holds at most {InstitutionService.MaxMembers} people."));
            }

            if (!Csv.TrySplit(lines[i], separator, fields))
            {
                errors.Add(new RowError(lineNumber, null, "row-malformed", "A quoted field is not closed."));
                continue;
            }

            if (fields.Count != names.Count)
            {
                errors.Add(new RowError(lineNumber, null, "row-malformed",
                    $"{fields.Count} fields where the header has {names.Count}."));
                continue;
            }

            var givenNik = nik >= 0 && fields[nik].Length > 0 ? fields[nik] : null;
            if (givenNik is not null && !Nik.TryCreate(givenNik, out _))
            {
                errors.Add(new RowError(lineNumber, givenNik, "nik-malformed", $"'{givenNik}' is not a valid NIK."));
                continue;
            }

            if (givenNik is not null && !seen.Add(givenNik))
            {
                errors.Add(new RowError(lineNumber, givenNik, "nik-duplicate", "The NIK appears on an earlier line."));
                continue;
            }

            var fullName = fields[name];
            if (fullName.Length == 0 || fullName.Length > OutreachLimits.Person || !fullName.Any(char.IsLetter))
            {
                errors.Add(new RowError(lineNumber, givenNik, "name-invalid",
                    $"The name is missing, has no letters or is longer than {OutreachLimits.Person} characters."));
                continue;
            }

            if (!DateOnly.TryParseExact(fields[birth], DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None,
                    out var birthDate) || birthDate > today || birthDate.Year < 1900)
            {
                errors.Add(new RowError(lineNumber, givenNik, "date-invalid",
                    $"'{fields[birth]}' is not a date of birth DD-MM-YYYY (or YYYY-MM-DD) in the past."));
                continue;
            }

            var className = group >= 0 && fields[group].Length > 0 ? fields[group] : null;
            if (className is { Length: > 40 })
            {
                errors.Add(new RowError(lineNumber, givenNik, "row-malformed", "KELAS is longer than 40 characters."));
                continue;
            }

            rows.Add(new Row(lineNumber, fullName.ToUpperInvariant(), birthDate, givenNik, className));
        }

        if (rows.Count == 0 && errors.Count == 0)
        {
            return new Result([], [], new Refusal(StatusCodes.Status400BadRequest, "member-list-empty",
                "The list is empty.", "The CSV has a header but no people."));
        }

        return new Result(rows, errors, null);
    }
}
