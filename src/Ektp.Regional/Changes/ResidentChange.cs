using Ektp.Core.Changes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ektp.Regional.Changes;

/// <summary>
/// One request to change a resident's data, or to reprint a lost or damaged card, from its request to the
/// supervisor's decision. Rows are never deleted: the table is the resident's full change history. An approved
/// data change holds the value before and after and the id of the change packet sent to the centre.
/// </summary>
/// <remarks>
/// <see cref="ReprintRequested"/> is what the print queue reads: true on an approved row whose change touched a
/// field printed on a card that was already printed (or on an approved lost/damaged-card request); the card is due
/// again from <see cref="DecidedAt"/> on.
/// </remarks>
internal sealed class ResidentChange
{
    public Guid Id { get; set; }
    public required string Nik { get; set; }
    public ChangeKind Kind { get; set; }

    /// <summary>The field of a data change; null for a reprint.</summary>
    public ResidentField? Field { get; set; }

    /// <summary>The value when the change was requested, replaced by the value it really had at approval.</summary>
    public string? OldValue { get; set; }

    /// <summary>The new value as the registry writes it (normalised by Core's ChangeRules).</summary>
    public string? NewValue { get; set; }

    public string? CourtDecisionNumber { get; set; }
    public string? CourtName { get; set; }
    public DateOnly? CourtDecisionDate { get; set; }
    public string? DocumentReference { get; set; }

    /// <summary>Why a card is reprinted: lost (with the police report) or damaged (with the damaged card).</summary>
    public ReprintReason? ReprintReason { get; set; }

    public string? PoliceReportNumber { get; set; }

    /// <summary>The damaged card handed in: its serial number or a description.</summary>
    public string? DamagedCard { get; set; }

    public string? Note { get; set; }
    public ChangeState State { get; set; }
    public required string RequestedBy { get; set; }

    /// <summary>The signed-in account that sent the request (null for requests from before accounts were recorded).
    /// <see cref="RequestedBy"/> is the officer's name as typed; the account is what the sign-in proves.</summary>
    public string? RequestedAccount { get; set; }

    public DateTime RequestedAt { get; set; }
    public string? DecidedBy { get; set; }

    /// <summary>The signed-in account that approved or rejected the request: never the requesting account.</summary>
    public string? DecidedAccount { get; set; }

    public DateTime? DecidedAt { get; set; }
    public string? DecisionNote { get; set; }

    /// <summary>The change packet queued for the centre (approved data changes only).</summary>
    public Guid? PacketId { get; set; }

    public bool ReprintRequested { get; set; }
}

internal enum ChangeKind
{
    Data,
    Reprint,
}

internal enum ChangeState
{
    Requested,
    Approved,
    Rejected,
}

internal enum ReprintReason
{
    Lost,
    Damaged,
}

internal sealed class ResidentChangeConfiguration : IEntityTypeConfiguration<ResidentChange>
{
    public void Configure(EntityTypeBuilder<ResidentChange> b)
    {
        b.ToTable("resident_changes");
        b.HasKey(c => c.Id);
        b.Property(c => c.Nik).HasMaxLength(16).IsFixedLength();
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(8);
        b.Property(c => c.Field).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.OldValue).HasMaxLength(ChangeLimits.Value);
        b.Property(c => c.NewValue).HasMaxLength(ChangeLimits.Value);
        b.Property(c => c.CourtDecisionNumber).HasMaxLength(ChangeLimits.Reference);
        b.Property(c => c.CourtName).HasMaxLength(ChangeLimits.Court);
        b.Property(c => c.DocumentReference).HasMaxLength(ChangeLimits.Document);
        b.Property(c => c.ReprintReason).HasConversion<string>().HasMaxLength(8);
        b.Property(c => c.PoliceReportNumber).HasMaxLength(ChangeLimits.Reference);
        b.Property(c => c.DamagedCard).HasMaxLength(ChangeLimits.Document);
        b.Property(c => c.Note).HasMaxLength(ChangeLimits.Note);
        b.Property(c => c.DecisionNote).HasMaxLength(ChangeLimits.Note);
        b.Property(c => c.RequestedBy).HasMaxLength(ChangeLimits.Person);
        b.Property(c => c.DecidedBy).HasMaxLength(ChangeLimits.Person);
        b.Property(c => c.RequestedAccount).HasMaxLength(ChangeLimits.Account);
        b.Property(c => c.DecidedAccount).HasMaxLength(ChangeLimits.Account);

        // Two supervisors deciding the same request at once: the second one's update matches no row.
        b.Property(c => c.State).HasConversion<string>().HasMaxLength(10).IsConcurrencyToken();
        b.HasIndex(c => new { c.Nik, c.RequestedAt });
        b.HasIndex(c => new { c.State, c.RequestedAt });
        b.HasIndex(c => new { c.ReprintRequested, c.DecidedAt });
        b.HasIndex(c => c.PacketId).IsUnique();
    }
}

/// <summary>Longest texts a change row keeps, in characters.</summary>
internal static class ChangeLimits
{
    public const int Value = 200;
    public const int Reference = 80;
    public const int Court = 120;
    public const int Document = 200;
    public const int Note = 500;
    public const int Person = 80;

    /// <summary>A signed-in account's user name, as ASP.NET Core Identity bounds it.</summary>
    public const int Account = 256;
}
