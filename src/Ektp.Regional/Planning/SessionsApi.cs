using System.Globalization;
using Ektp.Hosting;
using Ektp.Hosting.Security;
using Ektp.Regional.Outreach;
using Ektp.Regional.Printing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ektp.Regional.Planning;

/// <summary>`/api/sessions/…`: suggestions, mobile sessions with their letters, lists and results, home visits and
/// the projection to 100 %.</summary>
internal static class SessionsApi
{
    public static RouteGroupBuilder MapSessions(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/sessions").WithTags("Sessions")
            .RequireAuthorization(EktpPolicies.Outreach);
        group.MapGet("/suggestions", Suggestions).WithName("SessionSuggestions")
            .WithSummary("Kelurahan, schools, prisons and companies ranked by residents still to record");
        group.MapGet("/", List).WithName("Sessions").WithSummary("Mobile sessions, latest first");
        group.MapPost("/", Create).WithName("CreateSession")
            .WithSummary("Schedule a session: { kind, kelurahan?, institutionId?, place?, startDate, endDate?, team, " +
                         "expected?, fieldKit?, note?, createdBy }");
        group.MapGet("/{id:guid}", Get).WithName("Session").WithSummary("One session with its offline plan");
        group.MapGet("/{id:guid}/residents", Residents).WithName("SessionResidents")
            .WithSummary("The session's list of invited residents");
        group.MapGet("/{id:guid}/result", Result).WithName("SessionResult")
            .WithSummary("Expected against recorded, with who was recorded and who was not");
        group.MapGet("/{id:guid}/letters.pdf", Letters).WithName("SessionLetters")
            .WithSummary("One invitation letter per resident on the session's list (PDF)");
        group.MapGet("/{id:guid}/list.pdf", ListPdf).WithName("SessionListPdf")
            .WithSummary("The session's attendance list (PDF)");
        group.MapGet("/{id:guid}/list.csv", ListCsv).WithName("SessionListCsv")
            .WithSummary("The session's list (CSV)");
        group.MapGet("/home-visits", HomeVisits).WithName("HomeVisits")
            .WithSummary("Home visits waiting, grouped by kelurahan into rounds; those already scheduled");
        group.MapPost("/home-visits", RequestHomeVisit).WithName("RequestHomeVisit")
            .WithSummary("Request a home visit: { nik, reason: sick|elderly|disabled, requestedBy, note? }");
        group.MapGet("/projection", Project).WithName("Projection")
            .WithSummary("Per kecamatan: weekly rate over `weeks` (default 4), when 100 % is reached, and the " +
                         "weekly rate needed by `target` (YYYY-MM-DD)");
        return group;
    }

    internal static async Task<IReadOnlyList<Suggestion>> Suggestions(string? kind, int? limit, SessionService sessions,
        CancellationToken ct) =>
        [.. (await sessions.SuggestAsync(ct)).Where(s => kind is null || s.Kind == kind).Take(Math.Clamp(limit ?? 50, 1, 1000))];

    internal static async Task<IReadOnlyList<SessionView>> List(SessionService sessions, CancellationToken ct) =>
        await sessions.ListAsync(ct);

    internal static async Task<Results<Created<SessionView>, ProblemHttpResult>> Create(SessionBody? body,
        SessionService sessions, CancellationToken ct)
    {
        var outcome = await sessions.CreateAsync(body, ct);
        return outcome.Refusal is { } r
            ? r.ToProblem()
            : TypedResults.Created($"/api/sessions/{outcome.Value!.Id}", outcome.Value);
    }

    internal static async Task<Results<Ok<SessionView>, ProblemHttpResult>> Get(Guid id, SessionService sessions,
        CancellationToken ct) =>
        await sessions.FindAsync(id, ct) is { } s ? TypedResults.Ok(await sessions.ViewAsync(s, ct)) : Unknown(id);

    internal static async Task<Results<Ok<IReadOnlyList<SessionListItem>>, ProblemHttpResult>> Residents(Guid id,
        SessionService sessions, CancellationToken ct) =>
        await sessions.FindAsync(id, ct) is { } s ? TypedResults.Ok(await sessions.ListOfAsync(s, ct)) : Unknown(id);

    internal static async Task<Results<Ok<SessionResult>, ProblemHttpResult>> Result(Guid id, SessionService sessions,
        CancellationToken ct) =>
        await sessions.FindAsync(id, ct) is { } s ? TypedResults.Ok(await sessions.ResultAsync(s, ct)) : Unknown(id);

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Letters(Guid id,
        SessionService sessions, OutreachService outreach, RegionalInfo region, CancellationToken ct)
    {
        if (await sessions.FindAsync(id, ct) is not { } s)
        {
            return Unknown(id);
        }

        var office = await outreach.OfficeAsync(ct);
        var today = await outreach.TodayAsync(ct);
        var items = await sessions.ListOfAsync(s, ct);
        using var pdf = new MemoryStream();
        OutreachDocuments.Letters(pdf,
            [.. items.Select(i => new LetterRecipient(i.Nik, i.Name, i.Address, i.Rt, i.Rw, outreach.Kelurahan(i.Kelurahan)!))],
            LetterContext.AtSession(office, region, today, $"JB/{s.Id.ToString()[..8]}", s.Place, s.StartDate,
                s.EndDate, s.Kind));
        return TypedResults.File(pdf.ToArray(), "application/pdf", $"undangan-sesi-{s.StartDate:yyyy-MM-dd}.pdf");
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ListPdf(Guid id,
        SessionService sessions, OutreachService outreach, CancellationToken ct)
    {
        if (await sessions.FindAsync(id, ct) is not { } s)
        {
            return Unknown(id);
        }

        var view = await sessions.ViewAsync(s, ct);
        var items = await sessions.ListOfAsync(s, ct);
        var office = await outreach.OfficeAsync(ct);
        using var output = new MemoryStream();
        SessionDocuments.ListPdf(output, view, items, office);
        return TypedResults.File(output.ToArray(), "application/pdf", $"daftar-sesi-{s.StartDate:yyyy-MM-dd}.pdf");
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ListCsv(Guid id,
        SessionService sessions, CancellationToken ct)
    {
        if (await sessions.FindAsync(id, ct) is not { } s)
        {
            return Unknown(id);
        }

        var items = await sessions.ListOfAsync(s, ct);
        var csv = Csv.Write(
            ["NIK", "NAMA_LGKP", "JENIS_KLMN", "TGL_LHR", "ALAMAT", "NO_RT", "NO_RW", "KODE_KEL", "KELAS", "DIREKAM"],
            items.Select(i => new[]
            {
                i.Nik, i.Name, i.Sex, IndonesianDates.Short(i.BirthDate), i.Address,
                i.Rt.ToString("D3", CultureInfo.InvariantCulture), i.Rw.ToString("D3", CultureInfo.InvariantCulture),
                i.Kelurahan, i.Group,
                i.RecordedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            }));
        return TypedResults.File(csv, "text/csv; charset=utf-8", $"daftar-sesi-{s.StartDate:yyyy-MM-dd}.csv");
    }

    internal static async Task<HomeVisitRounds> HomeVisits(SessionService sessions, CancellationToken ct) =>
        await sessions.RoundsAsync(ct);

    internal static async Task<Results<Created<HomeVisitView>, ProblemHttpResult>> RequestHomeVisit(
        HomeVisitBody? body, SessionService sessions, CancellationToken ct)
    {
        var outcome = await sessions.RequestHomeVisitAsync(body, ct);
        return outcome.Refusal is { } r
            ? r.ToProblem()
            : TypedResults.Created("/api/sessions/home-visits", outcome.Value);
    }

    internal static async Task<Results<Ok<ProjectionReport>, ProblemHttpResult>> Project(int? weeks, string? target,
        SessionService sessions, OutreachService outreach, CancellationToken ct)
    {
        if (weeks is < 1 or > 52)
        {
            return Problems.BadRequest("weeks-invalid", "The number of weeks is not valid.", "'weeks' is 1 to 52.");
        }

        DateOnly? targetDate = null;
        if (target is not null)
        {
            if (!Dates.TryParse(target, out var t) || t <= await outreach.TodayAsync(ct))
            {
                return Problems.BadRequest("date-invalid", "The target date is not valid.",
                    $"'target' is a date YYYY-MM-DD after today, not '{target}'.");
            }

            targetDate = t;
        }

        return TypedResults.Ok(await sessions.ProjectAsync(weeks ?? 4, targetDate, ct));
    }

    private static ProblemHttpResult Unknown(Guid id) => Problems.NotFound("session-unknown",
        "No session has this id.", $"'{id}' is not a session of this office.");
}
