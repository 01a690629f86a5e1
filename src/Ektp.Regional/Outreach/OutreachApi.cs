using System.Text;
using Ektp.Hosting;
using Ektp.Hosting.Security;
using Ektp.Regional.Data;
using Ektp.Regional.Printing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Regional.Outreach;

/// <summary>`/api/outreach/…`: lists and letters for the unrecorded, RT findings, institutions and their lists,
/// students turning 17, and the office details the letters carry.</summary>
internal static class OutreachApi
{
    public static IServiceCollection AddOutreach(this IServiceCollection services)
    {
        services.AddScoped<OutreachService>();
        services.AddScoped<InstitutionService>();
        services.AddScoped<Planning.SessionService>();
        services.AddScoped<OutreachText>();
        services.AddScoped<Reports.ICoverageNotes, RtFindingNotes>(); // RT findings as notes on the coverage report
        services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(OfficeOnlyPages.Add);
        return services;
    }

    public static RouteGroupBuilder MapOutreach(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/outreach").WithTags("Outreach")
            .RequireAuthorization(EktpPolicies.Outreach);
        group.MapGet("/office", GetOffice).WithName("OutreachOffice")
            .WithSummary("The office details printed on letters: name, address, hours, phone, head, timeZone");
        group.MapPut("/office", PutOffice).RequireAuthorization(EktpPolicies.RegionalAdmin).WithName("SetOutreachOffice")
            .WithSummary("Change office details: { name?, address?, hours?, phone?, head?, timeZone: WIB|WITA|WIT }");
        group.MapGet("/kelurahan/{code}/unrecorded", Unrecorded).WithName("UnrecordedList")
            .WithSummary("Unrecorded wajib-KTP residents of a kelurahan (`rw`, `rt` narrow it) with RT findings");
        group.MapGet("/kelurahan/{code}/unrecorded.csv", UnrecordedCsv).WithName("UnrecordedCsv")
            .WithSummary("The same list as CSV (UTF-8)");
        group.MapGet("/kelurahan/{code}/unrecorded.pdf", UnrecordedPdf).WithName("UnrecordedPdf")
            .WithSummary("The same list as PDF for the Lurah and RT, one section per RT");
        group.MapGet("/kelurahan/{code}/letters.pdf", Letters).WithName("InvitationLetters")
            .WithSummary("One invitation letter per unrecorded wajib-KTP resident (`rw`, `rt` narrow it), one PDF");
        group.MapPost("/findings", PostFindings).WithName("RecordFindings")
            .WithSummary("Record what the RT found: { reportedBy, foundOn, recordedBy, items: [{ nik, finding, " +
                         "expectedOn?, note? }] }; all or nothing");
        group.MapGet("/findings/{nik}", FindingsOf).WithName("FindingsOfResident")
            .WithSummary("Every RT finding about one resident, newest first");
        group.MapGet("/institutions", ListInstitutions).WithName("Institutions")
            .WithSummary("Schools, prisons and companies (`kind` filters) with list counts and state");
        group.MapPost("/institutions", CreateInstitution).WithName("CreateInstitution")
            .WithSummary("Register one: { kind: school|prison|company, name, kelurahan, address, contact?, createdBy }");
        group.MapGet("/institutions/{id:guid}", GetInstitution).WithName("Institution").WithSummary("One institution");
        group.MapGet("/institutions/{id:guid}/letter.pdf", InstitutionLetter).WithName("InstitutionLetter")
            .WithSummary("The letter asking the institution whether it is ready for a recording visit (PDF)");
        group.MapPost("/institutions/{id:guid}/letter", LetterSent).WithName("InstitutionLetterSent")
            .WithSummary("Note that the letter went out: { by }");
        group.MapPost("/institutions/{id:guid}/answer", Answer).WithName("InstitutionAnswer")
            .WithSummary("The institution's answer: { ready, students?, answeredOn, by, note? }");
        group.MapPost("/institutions/{id:guid}/members", UploadMembers).WithName("UploadMembers")
            .WithSummary("Replace the people list: CSV (text/csv body with `?by=`, or multipart `file` + `by`) with " +
                         "NAMA, TGL_LHR, optional NIK, KELAS; all or nothing")
            .DisableAntiforgery();
        group.MapGet("/institutions/{id:guid}/members", Members).WithName("Members")
            .WithSummary("The people list with each match (nik, name-and-birth-date, none)");
        group.MapGet("/turning-17", Turning17).WithName("Turning17")
            .WithSummary("Students of 15–16, unrecorded, who turn 17 within `months` (default 6), per school");
        return group;
    }

    internal static async Task<OfficeDetails> GetOffice(OutreachService outreach, CancellationToken ct) =>
        await outreach.OfficeAsync(ct);

    internal static async Task<Results<Ok<OfficeDetails>, ProblemHttpResult>> PutOffice(OfficeDetailsBody? body,
        RegionalDbContext db, OutreachService outreach, CancellationToken ct)
    {
        if (body is null)
        {
            return Problems.BadRequest("office-invalid", "The request has no JSON body.",
                "Send { address?, hours?, phone?, head?, name?, timeZone? }.");
        }

        return await OfficeDetails.SaveAsync(db, body, ct) is { } problem
            ? Problems.BadRequest("office-invalid", "The office details are not valid.", problem)
            : TypedResults.Ok(await outreach.OfficeAsync(ct));
    }

    internal static async Task<Results<Ok<UnrecordedList>, ProblemHttpResult>> Unrecorded(string code, int? rw,
        int? rt, OutreachService outreach, CancellationToken ct)
    {
        var list = await outreach.UnrecordedAsync(code, rw, rt, ct);
        return list.Refusal is { } r ? r.ToProblem() : TypedResults.Ok(list.Value!);
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> UnrecordedCsv(string code, int? rw,
        int? rt, OutreachService outreach, CancellationToken ct)
    {
        var list = await outreach.UnrecordedAsync(code, rw, rt, ct);
        return list.Refusal is { } r
            ? r.ToProblem()
            : TypedResults.File(OutreachDocuments.ListCsv(list.Value!), "text/csv; charset=utf-8",
                FileName("belum-rekam", list.Value!, "csv"));
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> UnrecordedPdf(string code, int? rw,
        int? rt, OutreachService outreach, RegionalInfo region, CancellationToken ct)
    {
        var list = await outreach.UnrecordedAsync(code, rw, rt, ct);
        if (list.Refusal is { } r)
        {
            return r.ToProblem();
        }

        using var pdf = new MemoryStream();
        OutreachDocuments.ListPdf(pdf, list.Value!, await outreach.OfficeAsync(ct), region);
        return TypedResults.File(pdf.ToArray(), "application/pdf", FileName("belum-rekam", list.Value!, "pdf"));
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Letters(string code, int? rw,
        int? rt, OutreachService outreach, RegionalInfo region, CancellationToken ct)
    {
        var list = await outreach.UnrecordedAsync(code, rw, rt, ct);
        if (list.Refusal is { } r)
        {
            return r.ToProblem();
        }

        var office = await outreach.OfficeAsync(ct);
        var value = list.Value!;
        using var pdf = new MemoryStream();
        OutreachDocuments.Letters(pdf, [.. value.Items.Select(i => Recipient(i, value.Place))],
            LetterContext.AtOffice(office, region, value.AsOf, $"UND-REK/{value.Place.KelurahanCode}"));
        return TypedResults.File(pdf.ToArray(), "application/pdf", FileName("undangan", value, "pdf"));
    }

    internal static LetterRecipient Recipient(UnrecordedResident r, Place place) =>
        new(r.Nik, r.Name, r.Address, r.Rt, r.Rw, place);

    private static string FileName(string prefix, UnrecordedList list, string extension) =>
        $"{prefix}-{list.Place.KelurahanCode}" + (list.Rw is { } rw ? $"-rw{rw:D3}" : "") +
        (list.Rt is { } rt ? $"-rt{rt:D3}" : "") + $"-{list.AsOf:yyyy-MM-dd}.{extension}";

    internal static async Task<Results<Created<FindingsSaved>, ProblemHttpResult>> PostFindings(FindingsBody? body,
        OutreachService outreach, CancellationToken ct)
    {
        var outcome = await outreach.RecordFindingsAsync(body, ct);
        if (outcome.Errors.Count > 0)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "findings-invalid", "Some findings are not valid.",
                $"{outcome.Errors.Count} problem(s); nothing was stored. Each is listed in 'errors'.",
                new Dictionary<string, object?> { ["errors"] = outcome.Errors });
        }

        return TypedResults.Created("/api/outreach/findings",
            new FindingsSaved(outcome.Saved.Count, outcome.HomeVisitsRequested, outcome.Saved));
    }

    internal static async Task<Results<Ok<IReadOnlyList<FindingView>>, ProblemHttpResult>> FindingsOf(string nik,
        OutreachService outreach, CancellationToken ct) =>
        Core.Identity.Nik.TryCreate(nik, out _)
            ? TypedResults.Ok(await outreach.FindingsOfAsync(nik, ct))
            : Problems.BadRequest("nik-malformed", "The NIK is malformed.", $"'{nik}' is not a 16-digit NIK.");

    internal static async Task<Results<Ok<IReadOnlyList<InstitutionView>>, ProblemHttpResult>> ListInstitutions(
        string? kind, InstitutionService institutions, CancellationToken ct)
    {
        InstitutionKind? filter = null;
        if (kind is not null)
        {
            if (!InstitutionCodes.TryParse(kind, out var k))
            {
                return Problems.BadRequest("institution-invalid", "The kind is not valid.",
                    $"'kind' is school, prison or company, not '{kind}'.");
            }

            filter = k;
        }

        return TypedResults.Ok(await institutions.ListAsync(filter, ct));
    }

    internal static async Task<Results<Created<InstitutionView>, ProblemHttpResult>> CreateInstitution(
        InstitutionBody? body, InstitutionService institutions, CancellationToken ct)
    {
        var outcome = await institutions.CreateAsync(body, ct);
        return outcome.Refusal is { } r
            ? r.ToProblem()
            : TypedResults.Created($"/api/outreach/institutions/{outcome.Value!.Id}", outcome.Value);
    }

    internal static async Task<Results<Ok<InstitutionView>, ProblemHttpResult>> GetInstitution(Guid id,
        InstitutionService institutions, CancellationToken ct) =>
        await institutions.FindAsync(id, ct) is { } view
            ? TypedResults.Ok(view)
            : InstitutionService.Unknown(id).ToProblem();

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> InstitutionLetter(Guid id,
        InstitutionService institutions, OutreachService outreach, RegionalDbContext db, RegionalInfo region,
        CancellationToken ct)
    {
        var institution = await db.Set<Institution>().FindAsync([id], ct);
        var view = await institutions.FindAsync(id, ct);
        if (institution is null || view is null)
        {
            return InstitutionService.Unknown(id).ToProblem();
        }

        var office = await outreach.OfficeAsync(ct);
        var today = await outreach.TodayAsync(ct);
        using var pdf = new MemoryStream();
        OutreachDocuments.InstitutionLetter(pdf, institution, outreach.Kelurahan(institution.KelurahanCode)!,
            view.Unrecorded, new LetterContext(office, region, today, $"JB/{institution.Id.ToString()[..8]}", []));
        return TypedResults.File(pdf.ToArray(), "application/pdf", $"surat-{institution.Id}.pdf");
    }

    internal static async Task<Results<Ok<InstitutionView>, ProblemHttpResult>> LetterSent(Guid id, ByBody? body,
        InstitutionService institutions, CancellationToken ct)
    {
        var outcome = await institutions.LetterSentAsync(id, body, ct);
        return outcome.Refusal is { } r ? r.ToProblem() : TypedResults.Ok(outcome.Value!);
    }

    internal static async Task<Results<Ok<InstitutionView>, ProblemHttpResult>> Answer(Guid id, AnswerBody? body,
        InstitutionService institutions, CancellationToken ct)
    {
        var outcome = await institutions.AnswerAsync(id, body, ct);
        return outcome.Refusal is { } r ? r.ToProblem() : TypedResults.Ok(outcome.Value!);
    }

    internal static async Task<Results<Ok<UploadSummary>, ProblemHttpResult>> UploadMembers(Guid id, string? by,
        HttpRequest request, InstitutionService institutions, CancellationToken ct)
    {
        string csv;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file");
            if (file is null || file.Length > InstitutionService.MaxUploadBytes)
            {
                return Problems.BadRequest("member-list-empty", "No list was uploaded.",
                    $"Send the CSV as the form field 'file' (at most {InstitutionService.MaxUploadBytes} bytes).");
            }

            by ??= form["by"];
            using var reader = StrictUtf8(file.OpenReadStream());
            var text = await ReadUtf8Async(reader, ct);
            if (text is null)
            {
                return NotUtf8();
            }

            csv = text;
        }
        else
        {
            if (request.ContentLength > InstitutionService.MaxUploadBytes)
            {
                return Problems.Of(StatusCodes.Status413PayloadTooLarge, "member-list-too-large",
                    "The list is too large.", $"At most {InstitutionService.MaxUploadBytes} bytes.");
            }

            using var reader = StrictUtf8(request.Body);
            var text = await ReadUtf8Async(reader, ct);
            if (text is null)
            {
                return NotUtf8();
            }

            csv = text;
        }

        var outcome = await institutions.UploadMembersAsync(id, csv, by, ct);
        if (outcome.Problem is { } problem)
        {
            return problem.ToProblem();
        }

        return outcome.Errors.Count > 0
            ? Problems.Of(StatusCodes.Status422UnprocessableEntity, "member-list-invalid",
                "Some lines of the list are not valid.",
                $"{outcome.Errors.Count} line(s) are wrong; nothing was stored. Correct them and upload the whole list " +
                "again.", new Dictionary<string, object?> { ["errors"] = outcome.Errors })
            : TypedResults.Ok(outcome.Summary!);
    }

    /// <summary>A reader that throws on bytes that are not UTF-8, instead of silently turning them into U+FFFD (a
    /// list saved as Windows-1252 would otherwise store damaged names).</summary>
    private static StreamReader StrictUtf8(Stream stream) =>
        new(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
            detectEncodingFromByteOrderMarks: true);

    private static async Task<string?> ReadUtf8Async(StreamReader reader, CancellationToken ct)
    {
        try
        {
            return await reader.ReadToEndAsync(ct);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static ProblemHttpResult NotUtf8() =>
        Problems.BadRequest("member-list-not-utf8", "The list is not UTF-8 text.",
            "Save the CSV as UTF-8 (in a spreadsheet: \"CSV UTF-8\") and upload it again; nothing was stored.");

    internal static async Task<Results<Ok<IReadOnlyList<MemberView>>, ProblemHttpResult>> Members(Guid id,
        InstitutionService institutions, CancellationToken ct) =>
        await institutions.FindAsync(id, ct) is null
            ? InstitutionService.Unknown(id).ToProblem()
            : TypedResults.Ok(await institutions.MembersAsync(id, ct));

    internal static async Task<Results<Ok<IReadOnlyList<SchoolTurning17>>, ProblemHttpResult>> Turning17(int? months,
        InstitutionService institutions, CancellationToken ct) =>
        months is < 1 or > 24
            ? Problems.BadRequest("months-invalid", "The number of months is not valid.", "'months' is from 1 to 24.")
            : TypedResults.Ok(await institutions.Turning17Async(months ?? 6, ct));
}

internal sealed record FindingsSaved(int Saved, int HomeVisitsRequested, IReadOnlyList<FindingView> Findings);
