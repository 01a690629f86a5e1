using System.Text.Json;
using Ektp.Core.Changes;

namespace Ektp.Regional.Changes;

/// <summary>
/// `POST /api/residents/{nik}/changes`: either a data change (<see cref="Field"/>, <see cref="NewValue"/> and the
/// evidence the field needs) or a card reprint (<see cref="Reprint"/> = lost | damaged with its evidence).
/// </summary>
internal sealed record ChangeRequestBody
{
    /// <summary>name, sex, religion, maritalStatus, occupation, education, address (nik, birthPlace, birthDate and
    /// bloodType are refused: they never change).</summary>
    public string? Field { get; init; }

    public string? NewValue { get; init; }
    public CourtDecisionBody? CourtDecision { get; init; }

    /// <summary>The supporting document's reference (akta, surat keterangan, …).</summary>
    public string? Document { get; init; }

    /// <summary>lost or damaged: a reprint of the card instead of a data change.</summary>
    public string? Reprint { get; init; }

    public string? PoliceReport { get; init; }
    public string? DamagedCard { get; init; }
    public string? RequestedBy { get; init; }
    public string? Note { get; init; }
}

/// <summary>A court decision (penetapan pengadilan): its number, the court and the date.</summary>
internal sealed record CourtDecisionBody(string? Number, string? Court, DateOnly? Date);

/// <summary>`POST /api/changes/{id}/approval`: approve or reject, by whom, and why (required to reject).</summary>
internal sealed record ChangeDecisionBody(string? Decision, string? By, string? Note);

internal sealed record ChangeView(
    Guid Id,
    string Nik,
    string Kind,
    string? Field,
    string? OldValue,
    string? NewValue,
    CourtDecisionBody? CourtDecision,
    string? Document,
    string? Reprint,
    string? PoliceReport,
    string? DamagedCard,
    string? Note,
    string State,
    string RequestedBy,
    DateTime RequestedAt,
    string? DecidedBy,
    DateTime? DecidedAt,
    string? DecisionNote,
    Guid? PacketId,
    bool ReprintRequested,
    string? RequestedAccount,
    string? DecidedAccount)
{
    public static ChangeView Of(ResidentChange c) => new(c.Id, c.Nik, Code(c.Kind), c.Field is { } f ? Code(f) : null,
        c.OldValue, c.NewValue,
        c.CourtDecisionNumber is null
            ? null
            : new CourtDecisionBody(c.CourtDecisionNumber, c.CourtName, c.CourtDecisionDate),
        c.DocumentReference, c.ReprintReason is { } r ? Code(r) : null, c.PoliceReportNumber, c.DamagedCard, c.Note,
        Code(c.State), c.RequestedBy, c.RequestedAt, c.DecidedBy, c.DecidedAt, c.DecisionNote, c.PacketId,
        c.ReprintRequested, c.RequestedAccount, c.DecidedAccount);

    /// <summary>The camelCase code of an enum value, as the API and the change packet write it.</summary>
    public static string Code<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}

/// <summary>The `change.json` part of a change packet (docs/packet.md).</summary>
internal sealed record ChangePacketBody(
    Guid ChangeId,
    ResidentField Field,
    string OldValue,
    string NewValue,
    CourtDecisionBody? CourtDecision,
    string? Document,
    string RequestedBy,
    DateTime RequestedAt,
    string ApprovedBy,
    DateTime ApprovedAt,
    string? Note);

internal abstract record ChangeResult
{
    public sealed record Done(ChangeView Change) : ChangeResult;

    public sealed record Refused(int Status, string Code, string Title, string Detail) : ChangeResult;
}
