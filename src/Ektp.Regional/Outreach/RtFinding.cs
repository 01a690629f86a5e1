using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ektp.Regional.Outreach;

/// <summary>
/// What the RT (or Lurah) found when checking an unrecorded resident on the outreach list, with who reported it and
/// who typed it in. Append-only: the latest finding of a resident is the one that counts, the earlier ones stay as
/// history.
/// </summary>
internal sealed class RtFinding
{
    public Guid Id { get; set; }
    public required string Nik { get; set; }
    public FindingKind Kind { get; set; }

    /// <summary>Who checked: the RT or Lurah, as written on the returned list ("Ketua RT 003 Ahmad").</summary>
    public required string ReportedBy { get; set; }

    /// <summary>The day the RT checked.</summary>
    public DateOnly FoundOn { get; set; }

    /// <summary>The operator who entered the finding.</summary>
    public required string RecordedBy { get; set; }

    public DateTime RecordedAt { get; set; }

    /// <summary>For <see cref="FindingKind.WillCome"/>: the day the resident said they would come, when given.</summary>
    public DateOnly? ExpectedOn { get; set; }

    public string? Note { get; set; }
}

/// <summary>The answers an RT can give about an unrecorded resident.</summary>
internal enum FindingKind
{
    MovedAway,
    Died,
    WorkingElsewhere,
    SickAtHome,
    WillCome,
}

internal static class FindingKinds
{
    public static string ToCode(this FindingKind kind) => kind switch
    {
        FindingKind.MovedAway => "moved-away",
        FindingKind.Died => "died",
        FindingKind.WorkingElsewhere => "working-elsewhere",
        FindingKind.SickAtHome => "sick-at-home",
        FindingKind.WillCome => "will-come",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown finding."),
    };

    public static string ToIndonesian(this FindingKind kind) => kind switch
    {
        FindingKind.MovedAway => "Pindah",
        FindingKind.Died => "Meninggal",
        FindingKind.WorkingElsewhere => "Bekerja di luar daerah",
        FindingKind.SickAtHome => "Sakit di rumah",
        FindingKind.WillCome => "Akan datang",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown finding."),
    };

    public static bool TryParse(string? code, out FindingKind kind)
    {
        foreach (var candidate in Enum.GetValues<FindingKind>())
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

    /// <summary>A death or a move out is no gap in coverage, but the registry counts it as one until SIAK is
    /// updated (the resident is removed or moved there).</summary>
    public static bool LeavesRegistry(this FindingKind kind) => kind is FindingKind.MovedAway or FindingKind.Died;

    public static string Codes => string.Join(", ", Enum.GetValues<FindingKind>().Select(k => k.ToCode()));
}

internal sealed class RtFindingConfiguration : IEntityTypeConfiguration<RtFinding>
{
    public void Configure(EntityTypeBuilder<RtFinding> b)
    {
        b.ToTable("rt_findings");
        b.HasKey(f => f.Id);
        b.Property(f => f.Nik).HasMaxLength(16).IsFixedLength();
        b.Property(f => f.Kind).HasConversion(k => k.ToCode(), s => Parse(s)).HasMaxLength(20);
        b.Property(f => f.ReportedBy).HasMaxLength(OutreachLimits.Person);
        b.Property(f => f.RecordedBy).HasMaxLength(OutreachLimits.Person);
        b.Property(f => f.Note).HasMaxLength(OutreachLimits.Note);
        b.HasIndex(f => new { f.Nik, f.RecordedAt });
    }

    private static FindingKind Parse(string code) =>
        FindingKinds.TryParse(code, out var kind) ? kind : throw new InvalidDataException($"Unknown finding {code}");
}

/// <summary>Column sizes of the outreach and planning tables, checked before anything is stored.</summary>
internal static class OutreachLimits
{
    public const int Person = 120;
    public const int Note = 500;
    public const int Name = 160;
    public const int Address = 200;
    public const int Team = 400;
}
