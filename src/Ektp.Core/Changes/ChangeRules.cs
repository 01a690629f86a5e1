using System.Globalization;
using Ektp.Core.Identity;
using Ektp.Core.Residents;
using Ektp.Core.Text;

namespace Ektp.Core.Changes;

/// <summary>
/// The rules of data changes (perubahan data): NIK, place and date of birth and blood type never change; name, sex
/// and religion change only with a court decision reference; marital status, occupation, education and address
/// change with a supporting document.
/// </summary>
public static class ChangeRules
{
    /// <summary>The longest name, birth place, occupation or address accepted, in characters.</summary>
    public const int MaxTextLength = 200;

    /// <summary>What a field needs before it may change.</summary>
    /// <param name="field">The field.</param>
    /// <returns>The requirement.</returns>
    public static ChangeRequirement RequirementOf(ResidentField field) => field switch
    {
        ResidentField.Nik or ResidentField.BirthPlace or ResidentField.BirthDate or ResidentField.BloodType
            => ChangeRequirement.Never,
        ResidentField.Name or ResidentField.Sex or ResidentField.Religion
            => ChangeRequirement.CourtDecision,
        ResidentField.MaritalStatus or ResidentField.Occupation or ResidentField.Education or ResidentField.Address
            => ChangeRequirement.SupportingDocument,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown resident field."),
    };

    /// <summary>
    /// Checks a request on its own: the field may change, the required reference is given and the value is valid.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>Allowed, or refused with the code and reason.</returns>
    public static ChangeOutcome Check(ChangeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = FieldName(request.Field);
        switch (RequirementOf(request.Field))
        {
            case ChangeRequirement.Never:
                return ChangeOutcome.Refused(
                    ChangeCodes.ImmutableField,
                    $"The {name} never changes once registered; a wrong {name} is not corrected by a change request.");
            case ChangeRequirement.CourtDecision when string.IsNullOrWhiteSpace(request.CourtDecisionReference):
                return ChangeOutcome.Refused(
                    ChangeCodes.NeedsCourtDecision,
                    $"The {name} changes only by court decision; give the reference of the court decision.");
            case ChangeRequirement.SupportingDocument when string.IsNullOrWhiteSpace(request.SupportingDocument):
                return ChangeOutcome.Refused(
                    ChangeCodes.NeedsDocument,
                    $"A change of {name} needs a supporting document; give its reference.");
        }

        return Normalize(request.Field, request.NewValue, out _, out var problem)
            ? ChangeOutcome.Allowed()
            : ChangeOutcome.Refused(ChangeCodes.InvalidValue, problem);
    }

    /// <summary>
    /// Applies a request to a resident. On success the outcome holds the updated resident and the
    /// <see cref="ChangeRecord"/> the caller appends to the history.
    /// </summary>
    /// <param name="resident">The resident as now.</param>
    /// <param name="request">The request.</param>
    /// <param name="at">When the change is made.</param>
    /// <param name="by">Who makes it (operator id).</param>
    /// <returns>The applied change, or the refusal.</returns>
    public static ChangeOutcome Apply(Resident resident, ChangeRequest request, DateTimeOffset at, string by)
    {
        ArgumentNullException.ThrowIfNull(resident);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var check = Check(request);
        if (!check.IsAllowed)
        {
            return check;
        }

        Normalize(request.Field, request.NewValue, out var value, out _);
        var old = CurrentText(resident, request.Field);
        if (string.Equals(old, value, StringComparison.Ordinal))
        {
            return ChangeOutcome.Refused(
                ChangeCodes.NoChange,
                $"The {FieldName(request.Field)} is already {value}; nothing would change.");
        }

        if (request.Field == ResidentField.MaritalStatus
            && resident.MaritalStatus.HasEverMarried()
            && MaritalStatuses.Parse(value) == MaritalStatus.BelumKawin)
        {
            return ChangeOutcome.Refused(
                ChangeCodes.InvalidValue,
                "Someone who has been married cannot become never married again; "
                + "the status after a marriage ends is CERAI HIDUP or CERAI MATI.");
        }

        var updated = request.Field switch
        {
            ResidentField.Name => resident with { Name = value },
            ResidentField.Sex => resident with { Sex = SexCodes.Parse(value) },
            ResidentField.Religion => resident with { Religion = Religions.Parse(value) },
            ResidentField.MaritalStatus => resident with { MaritalStatus = MaritalStatuses.Parse(value) },
            ResidentField.Occupation => resident with { Occupation = value },
            ResidentField.Education => resident with { Education = Educations.Parse(value) },
            ResidentField.Address => resident with { Address = value },
            _ => throw new InvalidOperationException("Check refuses every other field."),
        };
        var record = new ChangeRecord(
            request.Field, old, value, Trimmed(request.CourtDecisionReference), Trimmed(request.SupportingDocument),
            at, by);
        return ChangeOutcome.Applied(updated, record);
    }

    /// <summary>The current value of a field as text, in the form <see cref="ChangeRecord"/> keeps.</summary>
    /// <param name="resident">The resident.</param>
    /// <param name="field">The field.</param>
    /// <returns>The text.</returns>
    public static string CurrentText(Resident resident, ResidentField field)
    {
        ArgumentNullException.ThrowIfNull(resident);
        return field switch
        {
            ResidentField.Nik => resident.Nik.Value,
            ResidentField.BirthPlace => resident.BirthPlace,
            ResidentField.BirthDate => resident.BirthDate.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture),
            ResidentField.BloodType => resident.BloodType.ToSiakText(),
            ResidentField.Name => resident.Name,
            ResidentField.Sex => resident.Sex.ToCardText(),
            ResidentField.Religion => resident.Religion.ToCardText(),
            ResidentField.MaritalStatus => resident.MaritalStatus.ToCardText(),
            ResidentField.Occupation => resident.Occupation,
            ResidentField.Education => resident.Education.ToCardText(),
            ResidentField.Address => resident.Address,
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown resident field."),
        };
    }

    private static bool Normalize(ResidentField field, string? text, out string value, out string problem)
    {
        var name = FieldName(field);
        value = string.Empty;
        problem = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = $"The new {name} is empty.";
            return false;
        }

        switch (field)
        {
            case ResidentField.Sex when SexCodes.TryParse(text, out var sex):
                value = sex.ToCardText();
                return true;
            case ResidentField.Religion when Religions.TryParse(text, out var religion):
                value = religion.ToCardText();
                return true;
            case ResidentField.MaritalStatus when MaritalStatuses.TryParse(text, out var status):
                value = status.ToCardText();
                return true;
            case ResidentField.Education when Educations.TryParse(text, out var education):
                value = education.ToCardText();
                return true;
            case ResidentField.Name or ResidentField.Occupation or ResidentField.Address:
                var normalized = SiakText.Normalize(text);
                if (normalized.Length > MaxTextLength)
                {
                    problem = string.Create(
                        CultureInfo.InvariantCulture,
                        $"The new {name} is {normalized.Length} characters long; at most {MaxTextLength} are allowed.");
                    return false;
                }

                if (field == ResidentField.Name && !normalized.Any(char.IsLetter))
                {
                    problem = "A name must contain letters.";
                    return false;
                }

                value = normalized;
                return true;
            default:
                problem = $"'{text.Trim()}' is not a valid {name}.";
                return false;
        }
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string FieldName(ResidentField field) => field switch
    {
        ResidentField.Nik => "NIK",
        ResidentField.BirthPlace => "place of birth",
        ResidentField.BirthDate => "date of birth",
        ResidentField.BloodType => "blood group",
        ResidentField.Name => "name",
        ResidentField.Sex => "sex",
        ResidentField.Religion => "religion",
        ResidentField.MaritalStatus => "marital status",
        ResidentField.Occupation => "occupation",
        ResidentField.Education => "education",
        ResidentField.Address => "address",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown resident field."),
    };
}

/// <summary>What a field needs before it may change.</summary>
public enum ChangeRequirement
{
    /// <summary>The field never changes.</summary>
    Never,

    /// <summary>The field changes only with a court decision reference.</summary>
    CourtDecision,

    /// <summary>The field changes with a supporting document.</summary>
    SupportingDocument,
}
