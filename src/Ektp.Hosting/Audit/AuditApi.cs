using System.Globalization;
using System.Text;
using Ektp.Hosting.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ektp.Hosting.Audit;

/// <summary>
/// `GET /api/audit?nik=&amp;user=&amp;from=&amp;to=&amp;limit=&amp;after=` (JSON, oldest first, paged by seq) and
/// `GET /api/audit.csv` with the same filters, for supervisors and admins (policy <c>audit</c>). An export is
/// itself written to the log.
/// </summary>
internal static class AuditApi
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api").WithTags("Audit").RequireAuthorization(EktpPolicies.Audit);
        group.MapGet("/audit", SearchAsync).WithName("SearchAudit")
            .WithSummary("Audit entries by nik, user, from, to (date or instant), oldest first: { items, next }; " +
                         "the next page is ?after=next");
        group.MapGet("/audit.csv", ExportAsync).WithName("ExportAudit")
            .WithSummary("The same entries as CSV (UTF-8); the export is itself audited");
        return endpoints;
    }

    internal static async Task<Results<Ok<AuditPageResponse>, ProblemHttpResult>> SearchAsync(string? nik,
        string? user, string? from, string? to, int? limit, long? after, AuditReader reader, CancellationToken ct)
    {
        var filter = AuditFilter.TryParse(nik, user, from, to, out var error);
        if (filter is null || limit is < 1 || after is < 0)
        {
            return Invalid(error ?? "limit is at least 1 and after at least 0.");
        }

        var page = await reader.AfterAsync(filter, after ?? 0, Math.Min(limit ?? AuditReader.DefaultLimit,
            AuditReader.MaxLimit), ct);
        return TypedResults.Ok(new AuditPageResponse([.. page.Items.Select(AuditEntryResponse.Of)], page.Next));
    }

    internal static async Task<IResult> ExportAsync(string? nik, string? user, string? from, string? to, int? limit,
        long? after, AuditReader reader, AuditTrail trail, SecurityInfo server, TimeProvider clock, HttpContext context)
    {
        var filter = AuditFilter.TryParse(nik, user, from, to, out var error);
        if (filter is null || limit is < 1 || after is < 0)
        {
            return Invalid(error ?? "limit is at least 1 and after at least 0.");
        }

        var ct = context.RequestAborted;
        await trail.RecordAsync(new AuditEvent(AuditActions.Export, filter.Nik,
            Describe(filter, from, to, after, limit)), ct);

        var name = string.Create(CultureInfo.InvariantCulture,
            $"audit-{(server.Kind == ServerKind.Central ? "pusat" : "daerah")}-{clock.GetUtcNow():yyyyMMdd-HHmmss}.csv");
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        context.Response.Headers.CacheControl = "no-store";
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(true), 64 * 1024,
            leaveOpen: true);
        await writer.WriteAsync("seq,at,user,roles,remote,action,nik,detail,prev_hash,hash\r\n");
        await foreach (var e in reader.StreamAsync(filter, after ?? 0, limit, ct))
        {
            await writer.WriteAsync(AuditCsv.Line(e));
        }

        await writer.FlushAsync(ct);
        return Results.Empty;
    }

    /// <summary>What was exported, for the export's own entry (the NIK filter goes to the NIK column).</summary>
    private static string Describe(AuditFilter filter, string? from, string? to, long? after, int? limit)
    {
        var parts = new List<string> { "csv" };
        if (filter.User is not null)
        {
            parts.Add("user=" + filter.User);
        }

        if (!string.IsNullOrWhiteSpace(from))
        {
            parts.Add("from=" + from.Trim());
        }

        if (!string.IsNullOrWhiteSpace(to))
        {
            parts.Add("to=" + to.Trim());
        }

        if (after is not null)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"after={after}"));
        }

        if (limit is not null)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"limit={limit}"));
        }

        return string.Join(' ', parts);
    }

    private static ProblemHttpResult Invalid(string detail) =>
        Problems.BadRequest("audit-filter-invalid", "The audit search is not valid.", detail);
}

/// <summary>One entry as the API returns it.</summary>
internal sealed record AuditEntryResponse(long Seq, DateTimeOffset At, string User, string Roles, string? Remote,
    string Action, string? Nik, string? Detail, string PrevHash, string Hash)
{
    public static AuditEntryResponse Of(AuditEntry e) => new(e.Seq, new DateTimeOffset(e.At, TimeSpan.Zero), e.User,
        e.Roles, e.Remote, e.Action, e.Nik, e.Detail, e.PrevHash, e.Hash);
}

internal sealed record AuditPageResponse(IReadOnlyList<AuditEntryResponse> Items, long? Next);

/// <summary>RFC 4180 lines; text a spreadsheet would run as a formula is defused with a leading apostrophe.</summary>
internal static class AuditCsv
{
    public static string Line(AuditEntry e) => string.Join(',',
        e.Seq.ToString(CultureInfo.InvariantCulture),
        e.At.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        Field(e.User), Field(e.Roles), Field(e.Remote), Field(e.Action), Field(e.Nik), Field(e.Detail),
        e.PrevHash, e.Hash) + "\r\n";

    public static string Field(string? value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n;") >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }
}
