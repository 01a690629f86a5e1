using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ektp.Regional.Outreach;

/// <summary>
/// A school, prison or company the office may visit (jemput bola), with its list of people (students, inmates,
/// employees) uploaded as CSV and matched against the registry. A school is written to first (a letter from the
/// system) and visited only once it answers that it is ready, with the number of students to record.
/// </summary>
internal sealed class Institution
{
    public Guid Id { get; set; }
    public InstitutionKind Kind { get; set; }
    public required string Name { get; set; }

    /// <summary>The kelurahan/desa (10 digits) the institution stands in.</summary>
    public required string KelurahanCode { get; set; }

    public required string Address { get; set; }

    /// <summary>Head of school, warden or HR officer the letter is addressed to.</summary>
    public string? Contact { get; set; }

    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }

    public DateTime? LetterSentAt { get; set; }
    public string? LetterSentBy { get; set; }

    /// <summary>The day the institution answered; <see cref="Ready"/> tells what it answered.</summary>
    public DateOnly? AnsweredOn { get; set; }

    public bool Ready { get; set; }

    /// <summary>How many people the institution said are ready to be recorded.</summary>
    public int? ReadyCount { get; set; }

    public string? AnsweredBy { get; set; }
    public string? AnswerNote { get; set; }

    public DateTime? MembersUploadedAt { get; set; }
    public string? MembersUploadedBy { get; set; }
}

internal enum InstitutionKind
{
    School,
    Prison,
    Company,
}

/// <summary>One person of an institution's uploaded list, and whom in the registry the list line was matched to.</summary>
internal sealed class InstitutionMember
{
    public long Id { get; set; }
    public Guid InstitutionId { get; set; }

    /// <summary>The line of the uploaded CSV (the header is line 1).</summary>
    public int Line { get; set; }

    public required string Name { get; set; }
    public DateOnly BirthDate { get; set; }

    /// <summary>The NIK as the list gave it, if any.</summary>
    public string? GivenNik { get; set; }

    /// <summary>Class (students), block (inmates) or department (employees).</summary>
    public string? Group { get; set; }

    public string? MatchedNik { get; set; }
    public MemberMatch Match { get; set; }
}

internal enum MemberMatch
{
    None,
    Nik,
    NameAndBirthDate,
}

internal static class InstitutionCodes
{
    public static string ToCode(this InstitutionKind kind) => kind switch
    {
        InstitutionKind.School => "school",
        InstitutionKind.Prison => "prison",
        InstitutionKind.Company => "company",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown institution kind."),
    };

    public static bool TryParse(string? code, out InstitutionKind kind)
    {
        foreach (var candidate in Enum.GetValues<InstitutionKind>())
        {
            if (string.Equals(candidate.ToCode(), code?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static string ToCode(this MemberMatch match) => match switch
    {
        MemberMatch.Nik => "nik",
        MemberMatch.NameAndBirthDate => "name-and-birth-date",
        _ => "none",
    };

    public static MemberMatch ParseMatch(string code) => code switch
    {
        "nik" => MemberMatch.Nik,
        "name-and-birth-date" => MemberMatch.NameAndBirthDate,
        "none" => MemberMatch.None,
        _ => throw new InvalidDataException($"Unknown member match {code}"),
    };
}

internal sealed class InstitutionConfiguration : IEntityTypeConfiguration<Institution>
{
    public void Configure(EntityTypeBuilder<Institution> b)
    {
        b.ToTable("institutions");
        b.HasKey(i => i.Id);
        b.Property(i => i.Kind).HasConversion(k => k.ToCode(), s => Parse(s)).HasMaxLength(12);
        b.Property(i => i.Name).HasMaxLength(OutreachLimits.Name);
        b.Property(i => i.KelurahanCode).HasMaxLength(10);
        b.Property(i => i.Address).HasMaxLength(OutreachLimits.Address);
        b.Property(i => i.Contact).HasMaxLength(OutreachLimits.Person);
        b.Property(i => i.CreatedBy).HasMaxLength(OutreachLimits.Person);
        b.Property(i => i.LetterSentBy).HasMaxLength(OutreachLimits.Person);
        b.Property(i => i.AnsweredBy).HasMaxLength(OutreachLimits.Person);
        b.Property(i => i.AnswerNote).HasMaxLength(OutreachLimits.Note);
        b.Property(i => i.MembersUploadedBy).HasMaxLength(OutreachLimits.Person);
        b.HasIndex(i => new { i.Kind, i.KelurahanCode });
    }

    private static InstitutionKind Parse(string code) =>
        InstitutionCodes.TryParse(code, out var kind) ? kind : throw new InvalidDataException($"Unknown kind {code}");
}

internal sealed class InstitutionMemberConfiguration : IEntityTypeConfiguration<InstitutionMember>
{
    public void Configure(EntityTypeBuilder<InstitutionMember> b)
    {
        b.ToTable("institution_members");
        b.HasKey(m => m.Id);
        b.Property(m => m.Name).HasMaxLength(OutreachLimits.Person);
        b.Property(m => m.GivenNik).HasMaxLength(16);
        b.Property(m => m.Group).HasMaxLength(40);
        b.Property(m => m.MatchedNik).HasMaxLength(16).IsFixedLength();
        b.Property(m => m.Match).HasConversion(m => m.ToCode(), s => InstitutionCodes.ParseMatch(s)).HasMaxLength(24);
        b.HasOne<Institution>().WithMany().HasForeignKey(m => m.InstitutionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => new { m.InstitutionId, m.Line });
        b.HasIndex(m => m.MatchedNik);
    }
}
