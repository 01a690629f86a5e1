using Ektp.Core.Identity;

namespace Ektp.Core.Residents;

/// <summary>A family card (Kartu Keluarga): its number, its head and the address shared by its members.</summary>
/// <param name="Number">The KK number.</param>
/// <param name="HeadNik">The NIK of the head of the family (kepala keluarga).</param>
/// <param name="Address">The street address.</param>
/// <param name="Rt">The RT number.</param>
/// <param name="Rw">The RW number.</param>
/// <param name="KelurahanCode">The 10-digit kelurahan/desa code without dots.</param>
public sealed record Family(KkNumber Number, Nik HeadNik, string Address, int Rt, int Rw, string KelurahanCode)
{
    /// <summary>
    /// Checks that the given residents form this family: every one carries this KK number, each NIK appears once
    /// (one person, one card), and the head is among them.
    /// </summary>
    /// <param name="members">The residents listed on this card.</param>
    /// <returns>The outcome, with every problem found.</returns>
    public FamilyValidation Validate(IEnumerable<Resident> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var problems = new List<FamilyProblem>();
        var seen = new HashSet<Nik>();
        var headFound = false;
        foreach (var member in members)
        {
            if (member.Kk != Number)
            {
                problems.Add(new FamilyProblem(
                    FamilyProblemCodes.OtherKk,
                    member.Nik,
                    $"Resident {member.Nik} belongs to KK {member.Kk}, not to KK {Number}."));
            }

            if (!seen.Add(member.Nik))
            {
                problems.Add(new FamilyProblem(
                    FamilyProblemCodes.DuplicateMember,
                    member.Nik,
                    $"Resident {member.Nik} is listed more than once on KK {Number}."));
            }

            headFound |= member.Nik == HeadNik;
        }

        if (!headFound)
        {
            problems.Add(new FamilyProblem(
                FamilyProblemCodes.HeadMissing,
                HeadNik,
                $"The head of family {HeadNik} is not among the members of KK {Number}."));
        }

        return new FamilyValidation(problems);
    }

    /// <summary>
    /// Checks a whole registry: every resident belongs to exactly one KK that exists, KK numbers are unique, and every
    /// family passes <see cref="Validate"/>.
    /// </summary>
    /// <param name="families">The family cards.</param>
    /// <param name="residents">The residents.</param>
    /// <returns>The outcome, with every problem found.</returns>
    public static FamilyValidation ValidateRegistry(IEnumerable<Family> families, IEnumerable<Resident> residents)
    {
        ArgumentNullException.ThrowIfNull(families);
        ArgumentNullException.ThrowIfNull(residents);
        var problems = new List<FamilyProblem>();
        var byNumber = new Dictionary<KkNumber, Family>();
        foreach (var family in families)
        {
            if (!byNumber.TryAdd(family.Number, family))
            {
                problems.Add(new FamilyProblem(
                    FamilyProblemCodes.DuplicateKk,
                    family.HeadNik,
                    $"KK number {family.Number} is used by more than one family."));
            }
        }

        var members = new Dictionary<KkNumber, List<Resident>>();
        var seen = new HashSet<Nik>();
        foreach (var resident in residents)
        {
            if (!seen.Add(resident.Nik))
            {
                problems.Add(new FamilyProblem(
                    FamilyProblemCodes.DuplicateMember,
                    resident.Nik,
                    $"Resident {resident.Nik} appears more than once; a person belongs to exactly one KK."));
                continue;
            }

            if (!byNumber.ContainsKey(resident.Kk))
            {
                problems.Add(new FamilyProblem(
                    FamilyProblemCodes.KkUnknown,
                    resident.Nik,
                    $"Resident {resident.Nik} names KK {resident.Kk}, which is not a known family."));
                continue;
            }

            if (!members.TryGetValue(resident.Kk, out var list))
            {
                list = [];
                members.Add(resident.Kk, list);
            }

            list.Add(resident);
        }

        foreach (var family in byNumber.Values)
        {
            problems.AddRange(family.Validate(members.GetValueOrDefault(family.Number) ?? []).Problems);
        }

        return new FamilyValidation(problems);
    }
}

/// <summary>The outcome of checking a family or a registry of families.</summary>
/// <param name="Problems">Every problem found; empty when valid.</param>
public sealed record FamilyValidation(IReadOnlyList<FamilyProblem> Problems)
{
    /// <summary>True when no problem was found.</summary>
    public bool IsValid => Problems.Count == 0;
}

/// <summary>One problem with a family card.</summary>
/// <param name="Code">A stable code from <see cref="FamilyProblemCodes"/>.</param>
/// <param name="Nik">The resident concerned (the head for family-wide problems).</param>
/// <param name="Message">The problem in words.</param>
public sealed record FamilyProblem(string Code, Nik Nik, string Message);

/// <summary>The stable codes of <see cref="FamilyProblem"/>.</summary>
public static class FamilyProblemCodes
{
    /// <summary>A member carries another KK number.</summary>
    public const string OtherKk = "family-other-kk";

    /// <summary>A resident is listed twice (on one card or on two).</summary>
    public const string DuplicateMember = "family-duplicate-member";

    /// <summary>The head of family is not a member.</summary>
    public const string HeadMissing = "family-head-missing";

    /// <summary>Two families share a KK number.</summary>
    public const string DuplicateKk = "family-duplicate-kk";

    /// <summary>A resident names a KK that does not exist.</summary>
    public const string KkUnknown = "family-kk-unknown";
}
