using Ektp.Hosting.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ektp.Hosting.Audit;

/// <summary>
/// `/audit`, the same page on both servers (each app has its own Audit.cshtml in its own layout): filters NIK, user,
/// from and to, newest entries first, 50 a page (older ones by <c>?sebelum=SEQ</c>), the head of the chain to write
/// down as an anchor, and the link to the CSV export with the same filters.
/// </summary>
[Authorize(Policy = EktpPolicies.Audit)]
internal sealed class AuditPageModel(AuditReader reader) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(Name = "nik", SupportsGet = true)]
    public string? NikFilter { get; set; }

    [BindProperty(Name = "user", SupportsGet = true)]
    public string? UserFilter { get; set; }

    [BindProperty(Name = "from", SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(Name = "to", SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(Name = "sebelum", SupportsGet = true)]
    public long? Before { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    /// <summary>The cursor of the next (older) page; null on the last.</summary>
    public long? Older { get; private set; }

    public AuditHead? Head { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The filters as a query string, for the links.</summary>
    public string Query { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Head = await reader.HeadAsync(ct);
        var filter = AuditFilter.TryParse(NikFilter, UserFilter, From, To, out var error);
        if (filter is null)
        {
            Error = error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Query = filter.ToQuery(From, To);
        var page = await reader.BeforeAsync(filter, Before, PageSize, ct);
        (Entries, Older) = (page.Items, page.Next);
        return Page();
    }

    /// <summary>The link to the page with the same filters and another cursor.</summary>
    public string PageUrl(long? before) =>
        "/audit?" + string.Join('&', new[] { Query, before is { } b ? $"sebelum={b}" : "" }.Where(p => p.Length > 0));

    public string CsvUrl => "/api/audit.csv" + (Query.Length > 0 ? "?" + Query : "");
}
