using Ektp.Core.Changes;
using Ektp.Core.Lifecycle;
using Ektp.Hosting.Security;
using Ektp.Regional.Changes;
using Ektp.Regional.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Web.Pages;

/// <summary>One resident's data changes (perubahan data): the request form and the full history.</summary>
[Authorize(Policy = EktpPolicies.ChangeRequest)]
internal sealed class ResidentChangesModel(RegionalDbContext db, ChangeService changes, RegionalSettings settings,
    UiText text) : PageModel
{
    /// <summary>The fields an operator can ask to change, in the order of the card; the immutable ones are listed
    /// too, so the refusal says why.</summary>
    public static readonly ResidentField[] Fields =
    [
        ResidentField.Name, ResidentField.Sex, ResidentField.Religion, ResidentField.MaritalStatus,
        ResidentField.Occupation, ResidentField.Address, ResidentField.Education, ResidentField.Nik,
        ResidentField.BirthPlace, ResidentField.BirthDate, ResidentField.BloodType,
    ];

    [BindProperty(SupportsGet = true)]
    public string Nik { get; set; } = "";

    [BindProperty]
    public ChangeForm Form { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public string? Name { get; private set; }
    public RecordStatus Status { get; private set; }
    public IReadOnlyList<ChangeView> History { get; private set; } = [];
    public ChangeResult.Refused? Problem { get; private set; }
    public bool AtFieldKit => settings.IsFieldKit;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (AtFieldKit)
        {
            return NotFound();
        }

        var reprint = Form.Kind == "reprint";
        var body = new ChangeRequestBody
        {
            Field = reprint ? null : Form.Field,
            NewValue = reprint ? null : Form.NewValue,
            CourtDecision = reprint || (Form.CourtNumber, Form.Court, Form.CourtDate) is (null, null, null)
                ? null
                : new CourtDecisionBody(Form.CourtNumber, Form.Court, Form.CourtDate),
            Document = reprint ? null : Form.Document,
            Reprint = reprint ? Form.Reprint : null,
            PoliceReport = reprint && Form.Reprint == "lost" ? Form.PoliceReport : null,
            DamagedCard = reprint && Form.Reprint == "damaged" ? Form.DamagedCard : null,
            RequestedBy = Form.RequestedBy,
            Note = Form.Note,
        };
        var outcome = await changes.RequestAsync(Nik, body, ct);
        if (outcome is ChangeResult.Done)
        {
            Message = text["changes.requested"];
            return Redirect($"/perubahan/{Nik}");
        }

        Problem = (ChangeResult.Refused)outcome;
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Response.StatusCode = Problem.Status;
        return Page();
    }

    /// <summary>The field's name in the page's language.</summary>
    public string FieldName(string? code) => code is null ? "" : text["changes.field." + code];

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var resident = await db.Residents.AsNoTracking().Where(r => r.Nik == Nik)
            .Select(r => new { r.Name, r.Status }).SingleOrDefaultAsync(ct);
        if (resident is null)
        {
            return false;
        }

        (Name, Status) = (resident.Name, resident.Status);
        History = await changes.HistoryAsync(Nik, ct) ?? [];
        return true;
    }
}

/// <summary>The request form: a data change or a reprint, as the operator fills it in.</summary>
internal sealed class ChangeForm
{
    public string Kind { get; set; } = "data";
    public string? Field { get; set; }
    public string? NewValue { get; set; }
    public string? CourtNumber { get; set; }
    public string? Court { get; set; }
    public DateOnly? CourtDate { get; set; }
    public string? Document { get; set; }
    public string? Reprint { get; set; }
    public string? PoliceReport { get; set; }
    public string? DamagedCard { get; set; }
    public string? RequestedBy { get; set; }
    public string? Note { get; set; }
}
