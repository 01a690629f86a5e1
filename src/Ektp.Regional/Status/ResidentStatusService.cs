using System.Globalization;
using Ektp.Core.Lifecycle;
using Ektp.Core.Residents;
using Ektp.Regional.Data;
using Ektp.Regional.Printing;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Status;

/// <summary>
/// Where a resident's e-KTP stands, in plain words (Bahasa Indonesia and English): the stage, the date it started,
/// the queue position and expected print date while printing is next, and the reason and next step when something
/// is wrong. The public status page and the operator's resident page show the same report.
/// </summary>
internal sealed class ResidentStatusService(RegionalDbContext db, PrintQueue queue)
{
    /// <summary>
    /// The report for a NIK and birth date, or null when they do not belong together — a wrong birth date and an
    /// unknown NIK take the same single query and give the same null.
    /// </summary>
    public async Task<StageReport?> FindAsync(string nik, DateOnly birthDate, CancellationToken ct)
    {
        var exists = await db.Residents.AsNoTracking().AnyAsync(r => r.Nik == nik && r.BirthDate == birthDate, ct);
        return exists ? await ReportAsync(nik, ct) : null;
    }

    public async Task<StageReport?> ReportAsync(string nik, CancellationToken ct)
    {
        var r = await db.Residents.AsNoTracking().Where(x => x.Nik == nik)
            .Select(x => new { x.Status, x.StatusSince, x.RecordedWhere, x.StatusReason })
            .SingleOrDefaultAsync(ct);
        if (r is null)
        {
            return null;
        }

        var since = DateOnly.FromDateTime(r.StatusSince);
        var code = RecordLifecycle.Code(r.Status);
        switch (r.Status)
        {
            case RecordStatus.Unregistered:
                return Report(code, since, false,
                    new("Belum direkam", RecordLifecycle.DescriptionIndonesian(r.Status),
                        "Datang ke kantor Disdukcapil atau kantor kecamatan untuk perekaman (gratis); bawa Kartu Keluarga."),
                    new("Not recorded yet", RecordLifecycle.DescriptionEnglish(r.Status),
                        "Come to the Disdukcapil or kecamatan office to be recorded (free of charge); bring your family card (KK)."));
            case RecordStatus.BioCaptured or RecordStatus.Processing or RecordStatus.SentForEnrollment:
                return Report(code, since, false,
                    new("Sedang diproses", RecordLifecycle.DescriptionIndonesian(r.Status), null),
                    new("Being processed", RecordLifecycle.DescriptionEnglish(r.Status), null));
            case RecordStatus.ReceivedAtCentral:
                return Report(code, since, false,
                    new("Diperiksa di pusat", RecordLifecycle.DescriptionIndonesian(r.Status), null),
                    new("Being checked at the centre", RecordLifecycle.DescriptionEnglish(r.Status), null));
            case RecordStatus.EnrollFailureAtCentral:
                return Report(code, since, true,
                    new("Perlu rekam ulang", RecordLifecycle.DescriptionIndonesian(r.Status),
                        "Datang ke kantor Disdukcapil untuk perekaman ulang; bawa Kartu Keluarga."),
                    new("Needs to be recorded again", RecordLifecycle.DescriptionEnglish(r.Status),
                        "Come to the Disdukcapil office to be recorded again; bring your family card (KK)."));
            case RecordStatus.DuplicateRecord:
                return Report(code, since, true,
                    new("Terekam dua kali (data ganda)",
                        "Sidik jari Anda sudah terekam dengan NIK lain.",
                        "Terekam dua kali: bawa KTP lama Anda ke kantor Disdukcapil untuk pindah data."),
                    new("Recorded twice (duplicate record)",
                        "Your fingerprints were already recorded under another NIK.",
                        "Recorded twice: bring your old KTP to the office for a transfer."));
            case RecordStatus.AdjudicateRecord:
                return Report(code, since, true,
                    new("Data ganda sedang diperiksa", RecordLifecycle.DescriptionIndonesian(r.Status),
                        "Tunggu hasil pemeriksaan; Anda akan dihubungi bila perlu datang."),
                    new("Possible duplicate being examined", RecordLifecycle.DescriptionEnglish(r.Status),
                        "Wait for the outcome; you will be contacted if you need to come to the office."));
            case RecordStatus.PrintReadyRecord:
                return await PrintReadyAsync(nik, code, since, r.RecordedWhere, ct);
            case RecordStatus.Printed:
                return await PrintedAsync(nik, code, since, ct);
            default:
                var on = since.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);
                return Report(code, since, false,
                    new("Sudah diterima", $"KTP-el sudah diserahkan pada {on}.", null),
                    new("Handed over", $"The e-KTP was handed over on {on}.", null));
        }
    }

    private async Task<StageReport> PrintReadyAsync(string nik, string code, DateOnly since,
        RecordingLocation? recordedWhere, CancellationToken ct)
    {
        var snapshot = await queue.LoadAsync(ct);
        var entry = snapshot.Find(nik);
        if (entry is null)
        {
            return Report(code, since, false,
                new("Menunggu izin cetak", "Izin cetak dari pusat sedang diperiksa di kantor Disdukcapil.", null),
                new("Waiting for the print permit", "The office is checking the centre's print permit.", null));
        }

        var position = entry.Position;
        var expected = entry.ExpectedDate;
        var date = expected?.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);
        var idWhen = date is null ? "perkiraan tanggal cetak belum dapat dihitung" : $"perkiraan dicetak {date}";
        var enWhen = date is null ? "the print date cannot be estimated yet" : $"expected to be printed on {date}";
        return entry.State switch
        {
            QueueEntryState.WaitingForBlanks => Report(code, since, true,
                new("Menunggu blangko KTP-el", $"Nomor antrean cetak {position}; menunggu blangko (kartu kosong) dari pusat.",
                    "Tidak perlu datang: kartu dicetak begitu blangko tersedia."),
                new("Waiting for blank cards", $"Print queue position {position}; waiting for blank cards.",
                    "No need to come in: the card is printed as soon as blank cards arrive."),
                position, null),
            QueueEntryState.WaitingForAge => Report(code, since, false,
                new("Menunggu usia 17 tahun",
                    $"Nomor antrean cetak {position}; kartu dicetak setelah Anda berusia 17 tahun " +
                    $"({entry.WaitUntil:dd-MM-yyyy}), {idWhen}.",
                    recordedWhere == RecordingLocation.School
                        ? "Kartu akan dikirim ke sekolah tempat Anda direkam."
                        : null),
                new("Waiting for the 17th birthday",
                    $"Print queue position {position}; the card is printed once you turn 17 " +
                    $"({entry.WaitUntil:dd-MM-yyyy}), {enWhen}.",
                    recordedWhere == RecordingLocation.School ? "The card will be sent to the school where you were recorded." : null),
                position, expected),
            QueueEntryState.Held => Report(code, since, true,
                new("Izin cetak sedang diperiksa", $"Nomor antrean cetak {position}; petugas sedang memeriksa izin cetak.",
                    "Tidak perlu datang; petugas akan menghubungi Anda bila perlu."),
                new("Print permit being checked", $"Print queue position {position}; staff are checking the print permit.",
                    "No need to come in; the office will contact you if needed."),
                position, null),
            _ => Report(code, since, false,
                new("Menunggu cetak", $"Nomor antrean cetak {position}; {idWhen}.", null),
                new("Waiting to be printed", $"Print queue position {position}; {enWhen}.", null),
                position, expected),
        };
    }

    private async Task<StageReport> PrintedAsync(string nik, string code, DateOnly since, CancellationToken ct)
    {
        var card = await db.Cards.AsNoTracking().Where(c => c.Nik == nik && c.State == CardState.Printed)
            .OrderByDescending(c => c.PrintedAt)
            .Select(c => new { c.DeliveryBatchId, c.SuggestedDelivery })
            .FirstOrDefaultAsync(ct);
        var kind = card?.SuggestedDelivery ?? DeliveryKind.Office;
        if (card?.DeliveryBatchId is { } batchId)
        {
            kind = await db.DeliveryBatches.AsNoTracking().Where(b => b.Id == batchId).Select(b => b.Kind)
                .SingleAsync(ct);
        }

        var sent = card?.DeliveryBatchId is not null;
        var (idWhere, enWhere) = kind switch
        {
            DeliveryKind.School => sent
                ? ("Kartu sudah dikirim ke sekolah Anda; ambil di sekolah.", "The card has been sent to your school; collect it there.")
                : ("Kartu akan dikirim ke sekolah Anda.", "The card will be sent to your school."),
            DeliveryKind.Kecamatan => sent
                ? ("Kartu sudah dikirim ke kantor kecamatan; ambil di sana.", "The card has been sent to the kecamatan office; collect it there.")
                : ("Kartu akan dikirim ke kantor kecamatan.", "The card will be sent to the kecamatan office."),
            DeliveryKind.Home => ("Kartu akan diantar ke rumah Anda.", "The card will be brought to your home."),
            _ => ("Kartu dapat diambil di kantor Disdukcapil.", "The card can be collected at the Disdukcapil office."),
        };
        return Report(code, since, false,
            new("Sudah dicetak", $"KTP-el sudah dicetak. {idWhere}",
                kind == DeliveryKind.Home ? null : "Bawa Kartu Keluarga atau kartu identitas lain saat mengambil."),
            new("Printed", $"The e-KTP has been printed. {enWhere}",
                kind == DeliveryKind.Home ? null : "Bring your family card (KK) or another identity document to collect it."));
    }

    private static StageReport Report(string code, DateOnly since, bool problem, StageText id, StageText en,
        int? position = null, DateOnly? expected = null) =>
        new(code, since, position, expected, problem, id, en);
}

/// <summary>One language's wording of a stage: its name, what it means for the resident, and what to do next.</summary>
internal sealed record StageText(string Stage, string Detail, string? NextStep);

internal sealed record StageReport(string Status, DateOnly Since, int? QueuePosition, DateOnly? ExpectedPrintDate,
    bool Problem, StageText Id, StageText En)
{
    public StageText In(string language) => language == "en" ? En : Id;
}
