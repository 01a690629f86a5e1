using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ektp.Regional.Printing;

/// <summary>
/// One printed e-KTP: which blank it used, the signed chip data written to it, the QR text on its back, and what
/// became of it (spoiled in the printer, or sent in a delivery batch and handed over).
/// </summary>
internal sealed class CardRecord
{
    public Guid Id { get; set; }
    public required string Nik { get; set; }

    /// <summary>The packet whose print permit allowed this card.</summary>
    public Guid PacketId { get; set; }

    public long BlankSerial { get; set; }
    public required string Office { get; set; }
    public DateTime PrintedAt { get; set; }
    public required string PrintedBy { get; set; }
    public CardState State { get; set; }

    /// <summary>Where the card should go, from where the resident was recorded (school → school, home → home, …).</summary>
    public DeliveryKind SuggestedDelivery { get; set; }

    /// <summary>The chip's content (`ektp-chip/1` JSON, docs/printing.md) as signed by the office.</summary>
    public required byte[] Chip { get; set; }

    public required string ChipSignature { get; set; }
    public required string QrText { get; set; }

    public DateTime? SpoiledAt { get; set; }
    public string? SpoiledBy { get; set; }
    public string? SpoiledReason { get; set; }

    public long? DeliveryBatchId { get; set; }
    public DateTime? HandedOverAt { get; set; }
    public string? ReceivedBy { get; set; }
    public string? ReceivedIdentification { get; set; }
    public string? HandedOverBy { get; set; }

    /// <summary>When the card stopped being valid: reported lost, or replaced by a reprint (changed data, damage).</summary>
    public DateTime? WithdrawnAt { get; set; }

    public string? WithdrawnBy { get; set; }
    public string? WithdrawnReason { get; set; }

    /// <summary>The card printed in its place, once there is one.</summary>
    public Guid? ReplacedByCardId { get; set; }
}

internal enum CardState
{
    Printed,
    Spoiled,
    Delivered,

    /// <summary>No longer valid: reported lost, or replaced by a reprint after a change of printed data or
    /// damage (the old card is handed in). A withdrawn card is never handed over.</summary>
    Withdrawn,
}

internal enum DeliveryKind
{
    /// <summary>The resident collects the card at the Disdukcapil office.</summary>
    Office,

    /// <summary>Students recorded at their school receive the card there.</summary>
    School,

    /// <summary>The kecamatan office hands the card over.</summary>
    Kecamatan,

    /// <summary>Brought to the home of a sick resident.</summary>
    Home,
}

/// <summary>A departure from first-come-first-served, with who and why: it is shown in the queue.</summary>
internal sealed class QueueException
{
    public long Id { get; set; }
    public required string Nik { get; set; }
    public QueueExceptionKind Kind { get; set; }
    public DateTime At { get; set; }
    public required string By { get; set; }
    public required string Reason { get; set; }

    /// <summary>Set when the exception has done its work (the card was printed) or the hold was lifted.</summary>
    public DateTime? ResolvedAt { get; set; }
}

internal enum QueueExceptionKind
{
    /// <summary>A court order (or another documented order) puts the record at the front.</summary>
    Priority,

    /// <summary>The card jammed or came out damaged: it is printed again first, on a new blank.</summary>
    Reprint,

    /// <summary>The permit did not verify at the printer: the record is held in its place until it does.</summary>
    Hold,
}

/// <summary>A delivery of blank cards (blangko) to an office: a contiguous range of serial numbers.</summary>
internal sealed class BlankDelivery
{
    public long Id { get; set; }
    public required string Office { get; set; }
    public long FirstSerial { get; set; }
    public long LastSerial { get; set; }

    /// <summary>The lowest serial of this range that may still be unused; a concurrency token, so two printers
    /// never take the same blank.</summary>
    public long NextSerial { get; set; }

    public DateTime ReceivedAt { get; set; }
    public required string ReceivedBy { get; set; }
    public string? Reference { get; set; }

    public long Count => LastSerial - FirstSerial + 1;
}

/// <summary>One blank that left the stock: printed on, or spoiled (with the reason). One row per serial.</summary>
internal sealed class BlankUse
{
    public long Serial { get; set; }
    public long DeliveryId { get; set; }
    public required string Office { get; set; }
    public BlankUseKind Kind { get; set; }
    public Guid? CardId { get; set; }
    public DateTime At { get; set; }
    public required string By { get; set; }
    public string? Reason { get; set; }
}

internal enum BlankUseKind
{
    Printed,
    Spoiled,
}

/// <summary>Printed cards sent together to one place: the office counter, a school, a kecamatan office, a home.</summary>
internal sealed class DeliveryBatch
{
    public long Id { get; set; }
    public DeliveryKind Kind { get; set; }
    public required string Destination { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

internal sealed class CardRecordConfiguration : IEntityTypeConfiguration<CardRecord>
{
    public void Configure(EntityTypeBuilder<CardRecord> b)
    {
        b.ToTable("cards");
        b.HasKey(c => c.Id);
        b.Property(c => c.Nik).HasMaxLength(16).IsFixedLength();
        b.Property(c => c.Office).HasMaxLength(16);
        b.Property(c => c.PrintedBy).HasMaxLength(80);
        b.Property(c => c.State).HasConversion<string>().HasMaxLength(12).IsConcurrencyToken();
        b.Property(c => c.SuggestedDelivery).HasConversion<string>().HasMaxLength(12);
        b.Property(c => c.ChipSignature).HasMaxLength(200);
        b.Property(c => c.QrText).HasMaxLength(1000);
        b.Property(c => c.SpoiledBy).HasMaxLength(80);
        b.Property(c => c.SpoiledReason).HasMaxLength(500);
        b.Property(c => c.ReceivedBy).HasMaxLength(120);
        b.Property(c => c.ReceivedIdentification).HasMaxLength(120);
        b.Property(c => c.HandedOverBy).HasMaxLength(80);
        b.Property(c => c.WithdrawnBy).HasMaxLength(80);
        b.Property(c => c.WithdrawnReason).HasMaxLength(500);
        b.Property(c => c.DeliveryBatchId).IsConcurrencyToken(); // a card goes into one batch only
        b.HasIndex(c => c.BlankSerial).IsUnique();
        b.HasIndex(c => c.Nik);
        b.HasIndex(c => c.PrintedAt);
        b.HasIndex(c => new { c.State, c.DeliveryBatchId });
    }
}

internal sealed class QueueExceptionConfiguration : IEntityTypeConfiguration<QueueException>
{
    public void Configure(EntityTypeBuilder<QueueException> b)
    {
        b.ToTable("print_queue_exceptions");
        b.HasKey(e => e.Id);
        b.Property(e => e.Nik).HasMaxLength(16).IsFixedLength();
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(12);
        b.Property(e => e.By).HasMaxLength(80);
        b.Property(e => e.Reason).HasMaxLength(500);
        b.HasIndex(e => new { e.Nik, e.ResolvedAt });
    }
}

internal sealed class BlankDeliveryConfiguration : IEntityTypeConfiguration<BlankDelivery>
{
    public void Configure(EntityTypeBuilder<BlankDelivery> b)
    {
        b.ToTable("blank_deliveries");
        b.HasKey(d => d.Id);
        b.Property(d => d.Office).HasMaxLength(16);
        b.Property(d => d.NextSerial).IsConcurrencyToken();
        b.Property(d => d.ReceivedBy).HasMaxLength(80);
        b.Property(d => d.Reference).HasMaxLength(200);
        b.Ignore(d => d.Count);
        b.HasIndex(d => d.Office);
        b.HasIndex(d => d.FirstSerial).IsUnique();
    }
}

internal sealed class BlankUseConfiguration : IEntityTypeConfiguration<BlankUse>
{
    public void Configure(EntityTypeBuilder<BlankUse> b)
    {
        b.ToTable("blank_uses");
        b.HasKey(u => u.Serial);
        b.Property(u => u.Serial).ValueGeneratedNever();
        b.Property(u => u.Office).HasMaxLength(16);
        b.Property(u => u.Kind).HasConversion<string>().HasMaxLength(12);
        b.Property(u => u.By).HasMaxLength(80);
        b.Property(u => u.Reason).HasMaxLength(500);
        b.HasIndex(u => new { u.Office, u.Kind, u.At });
        b.HasIndex(u => u.DeliveryId);
    }
}

internal sealed class DeliveryBatchConfiguration : IEntityTypeConfiguration<DeliveryBatch>
{
    public void Configure(EntityTypeBuilder<DeliveryBatch> b)
    {
        b.ToTable("delivery_batches");
        b.HasKey(d => d.Id);
        b.Property(d => d.Kind).HasConversion<string>().HasMaxLength(12);
        b.Property(d => d.Destination).HasMaxLength(200);
        b.Property(d => d.CreatedBy).HasMaxLength(80);
    }
}
