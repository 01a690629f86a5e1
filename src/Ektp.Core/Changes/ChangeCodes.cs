namespace Ektp.Core.Changes;

/// <summary>The stable refusal codes of <see cref="ChangeOutcome"/>.</summary>
public static class ChangeCodes
{
    /// <summary>NIK, place and date of birth and blood type never change.</summary>
    public const string ImmutableField = "change-immutable-field";

    /// <summary>Name, sex and religion change only with a court decision reference.</summary>
    public const string NeedsCourtDecision = "change-needs-court-decision";

    /// <summary>Marital status, occupation, education and address change only with a supporting document.</summary>
    public const string NeedsDocument = "change-needs-document";

    /// <summary>The new value is not a valid value for the field.</summary>
    public const string InvalidValue = "change-invalid-value";

    /// <summary>The new value equals the current one; nothing would change.</summary>
    public const string NoChange = "change-no-change";
}
