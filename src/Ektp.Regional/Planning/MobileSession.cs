using Ektp.Core.Residents;
using Ektp.Regional.Outreach;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ektp.Regional.Planning;

/// <summary>
/// A mobile recording session (jemput bola): where (a kelurahan, a school, prison or company, a remote village, the
/// homes of a visit round), what kind of recording location it is, on which days, with which team, and how many
/// residents the office expects to record. Its list of invited residents is kept in <see cref="SessionResident"/>.
/// </summary>
internal sealed class MobileSession
{
    public Guid Id { get; set; }

    /// <summary>The recording location the operators choose during the session; recordings are matched by it.</summary>
    public RecordingLocation Kind { get; set; }

    public required string Place { get; set; }

    /// <summary>The kelurahan/desa the session serves (for a school, prison or company: where it stands).</summary>
    public required string KelurahanCode { get; set; }

    public Guid? InstitutionId { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }

    /// <summary>The team's names, comma-separated as typed.</summary>
    public required string Team { get; set; }

    public int Expected { get; set; }

    /// <summary>The field kit the team takes (remote villages): its name as registered at this office.</summary>
    public string? FieldKit { get; set; }

    public string? Note { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }

    public int Days => EndDate.DayNumber - StartDate.DayNumber + 1;
}

/// <summary>A resident on a session's list: invited by letter and expected to be recorded there.</summary>
internal sealed class SessionResident
{
    public Guid SessionId { get; set; }
    public required string Nik { get; set; }
}

/// <summary>A request to record a sick, elderly or disabled resident at home; grouped by kelurahan into visit rounds.
/// </summary>
internal sealed class HomeVisitRequest
{
    public Guid Id { get; set; }
    public required string Nik { get; set; }
    public HomeVisitReason Reason { get; set; }
    public string? Note { get; set; }
    public required string RequestedBy { get; set; }
    public DateTime RequestedAt { get; set; }

    /// <summary>The RT finding ("sick at home") the request came from, if it came from one.</summary>
    public Guid? FindingId { get; set; }

    /// <summary>The home-visit session (round) it was scheduled in.</summary>
    public Guid? SessionId { get; set; }
}

internal enum HomeVisitReason
{
    Sick,
    Elderly,
    Disabled,
}

internal static class PlanningCodes
{
    public static string ToCode(this HomeVisitReason reason) => reason switch
    {
        HomeVisitReason.Sick => "sick",
        HomeVisitReason.Elderly => "elderly",
        HomeVisitReason.Disabled => "disabled",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown reason."),
    };

    public static bool TryParse(string? code, out HomeVisitReason reason)
    {
        foreach (var candidate in Enum.GetValues<HomeVisitReason>())
        {
            if (string.Equals(candidate.ToCode(), code?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                reason = candidate;
                return true;
            }
        }

        reason = default;
        return false;
    }
}

internal sealed class MobileSessionConfiguration : IEntityTypeConfiguration<MobileSession>
{
    public void Configure(EntityTypeBuilder<MobileSession> b)
    {
        b.ToTable("mobile_sessions");
        b.HasKey(s => s.Id);
        b.Property(s => s.Kind).HasConversion(k => k.ToCode(), s => ParseLocation(s)).HasMaxLength(12);
        b.Property(s => s.Place).HasMaxLength(OutreachLimits.Name);
        b.Property(s => s.KelurahanCode).HasMaxLength(10);
        b.Property(s => s.Team).HasMaxLength(OutreachLimits.Team);
        b.Property(s => s.FieldKit).HasMaxLength(OutreachLimits.Person);
        b.Property(s => s.Note).HasMaxLength(OutreachLimits.Note);
        b.Property(s => s.CreatedBy).HasMaxLength(OutreachLimits.Person);
        b.Ignore(s => s.Days);
        b.HasIndex(s => s.StartDate);
        b.HasIndex(s => s.InstitutionId);
    }

    private static RecordingLocation ParseLocation(string code) =>
        RecordingLocations.TryParse(code, out var location)
            ? location
            : throw new InvalidDataException($"Unknown location {code}");
}

internal sealed class SessionResidentConfiguration : IEntityTypeConfiguration<SessionResident>
{
    public void Configure(EntityTypeBuilder<SessionResident> b)
    {
        b.ToTable("mobile_session_residents");
        b.HasKey(s => new { s.SessionId, s.Nik });
        b.Property(s => s.Nik).HasMaxLength(16).IsFixedLength();
        b.HasOne<MobileSession>().WithMany().HasForeignKey(s => s.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => s.Nik);
    }
}

internal sealed class HomeVisitRequestConfiguration : IEntityTypeConfiguration<HomeVisitRequest>
{
    public void Configure(EntityTypeBuilder<HomeVisitRequest> b)
    {
        b.ToTable("home_visit_requests");
        b.HasKey(h => h.Id);
        b.Property(h => h.Nik).HasMaxLength(16).IsFixedLength();
        b.Property(h => h.Reason).HasConversion(r => r.ToCode(), s => Parse(s)).HasMaxLength(12);
        b.Property(h => h.Note).HasMaxLength(OutreachLimits.Note);
        b.Property(h => h.RequestedBy).HasMaxLength(OutreachLimits.Person);
        b.HasIndex(h => h.Nik);
        b.HasIndex(h => h.SessionId);
    }

    private static HomeVisitReason Parse(string code) =>
        PlanningCodes.TryParse(code, out var reason) ? reason : throw new InvalidDataException($"Unknown reason {code}");
}
