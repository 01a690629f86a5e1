using Ektp.Hosting;
using Ektp.Hosting.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ektp.Regional.Changes;

internal static class ChangesApi
{
    public static IEndpointRouteBuilder MapChanges(this IEndpointRouteBuilder endpoints)
    {
        var residents = endpoints.MapGroup("/api/residents").WithTags("Changes");
        residents.MapPost("/{nik}/changes", Request).RequireAuthorization(EktpPolicies.ChangeRequest).WithName("RequestChange")
            .WithSummary("Request a data change (field, newValue, courtDecision { number, court, date } or document) " +
                         "or a card reprint (reprint: lost with policeReport, damaged with damagedCard)")
            .DisableAntiforgery(); // API clients authenticate with tokens (issue 7), not browser cookies
        residents.MapGet("/{nik}/changes", History).RequireAuthorization(EktpPolicies.ResidentRead).WithName("GetChanges")
            .WithSummary("The resident's change and reprint requests with their decisions, newest first");

        var changes = endpoints.MapGroup("/api/changes").WithTags("Changes");
        changes.MapGet("", Pending).RequireAuthorization(EktpPolicies.ChangeApproval).WithName("GetPendingChanges")
            .WithSummary("Requests waiting for a supervisor's decision, oldest first");
        changes.MapPost("/{id:guid}/approval", Decide).RequireAuthorization(EktpPolicies.ChangeApproval).WithName("DecideChange")
            .WithSummary("A supervisor approves or rejects a request: { decision: approve | reject, by, note }")
            .DisableAntiforgery();
        return endpoints;
    }

    internal static async Task<Results<Created<ChangeView>, ProblemHttpResult>> Request(string nik,
        ChangeRequestBody? body, ChangeService changes, CancellationToken ct) =>
        await changes.RequestAsync(nik, body, ct) switch
        {
            ChangeResult.Done done => TypedResults.Created($"/api/residents/{nik}/changes", done.Change),
            ChangeResult.Refused refused => Problem(refused),
            _ => throw new InvalidOperationException("Unknown change result"),
        };

    internal static async Task<Results<Ok<ChangeView>, ProblemHttpResult>> Decide(Guid id, ChangeDecisionBody? body,
        ChangeService changes, CancellationToken ct) =>
        await changes.DecideAsync(id, body, ct) switch
        {
            ChangeResult.Done done => TypedResults.Ok(done.Change),
            ChangeResult.Refused refused => Problem(refused),
            _ => throw new InvalidOperationException("Unknown change result"),
        };

    internal static async Task<Results<Ok<List<ChangeView>>, ProblemHttpResult>> History(string nik,
        ChangeService changes, CancellationToken ct) =>
        await changes.HistoryAsync(nik, ct) is { } history
            ? TypedResults.Ok(history)
            : Problems.NotFound("resident-unknown", "No resident has this NIK.", $"NIK {nik} is not in this registry.");

    internal static async Task<Ok<List<ChangeView>>> Pending(ChangeService changes, CancellationToken ct) =>
        TypedResults.Ok(await changes.PendingAsync(ct));

    private static ProblemHttpResult Problem(ChangeResult.Refused refused) =>
        Problems.Of(refused.Status, refused.Code, refused.Title, refused.Detail);
}
