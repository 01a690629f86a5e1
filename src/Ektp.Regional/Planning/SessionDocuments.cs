using System.Globalization;
using Ektp.Core.Residents;
using Ektp.Regional.Outreach;

namespace Ektp.Regional.Planning;

/// <summary>The attendance list of a session (PDF, Bahasa Indonesia), with the offline plan of a field-kit trip.
/// </summary>
internal static class SessionDocuments
{
    public static void ListPdf(Stream output, SessionView session, IReadOnlyList<SessionListItem> items,
        OfficeDetails office)
    {
        using var pdf = new PdfPages(output, $"Daftar peserta perekaman — {session.Place}");
        using var title = PdfPages.Bold(12);
        using var text = PdfPages.Regular(8.5f);
        var school = session.InstitutionId is not null;
        var columns = new PdfColumn<(int No, SessionListItem I)>[]
        {
            new("No", 26, x => x.No.ToString(CultureInfo.InvariantCulture)),
            new("NIK", 92, x => x.I.Nik),
            new("Nama", 150, x => x.I.Name),
            new("L/P", 24, x => x.I.Sex),
            new("Tgl Lahir", 60, x => IndonesianDates.Short(x.I.BirthDate)),
            new(school ? "Kelas/Bagian" : "Alamat", 170, x => school ? x.I.Group ?? "" : x.I.Address),
            new("RT/RW", 44, x => OutreachDocuments.Rt(x.I.Rt, x.I.Rw)),
            new("Direkam", 70, x => x.I.RecordedAt is { } at ? IndonesianDates.Short(DateOnly.FromDateTime(at)) : ""),
            new("Paraf petugas", 90, _ => ""),
        };
        float Heading(PdfPages p)
        {
            var y = PdfPages.Margin;
            p.Text("DAFTAR PESERTA PEREKAMAN KTP-el (JEMPUT BOLA)", PdfPages.Margin, y, title);
            y += 16;
            p.Text($"{session.Place} · {Kind(session.Kind)} · Kel./Desa {session.KelurahanName}, Kec. " +
                   $"{session.KecamatanName}", PdfPages.Margin, y, text);
            y += 12;
            p.Text($"{IndonesianDates.Range(session.StartDate, session.EndDate)} · Tim: {session.Team} · " +
                   $"{office.Name} · halaman {p.PageCount}", PdfPages.Margin, y, text);
            y += 12;
            var plan = string.Create(CultureInfo.InvariantCulture,
                $"Diharapkan {session.Expected} orang, {session.Listed} orang dalam daftar.");
            if (session.Offline is { } o)
            {
                plan += string.Create(CultureInfo.InvariantCulture,
                    $" Tim bekerja tanpa jaringan {o.OfflineDays} hari dengan kit lapangan {session.FieldKit ?? "(belum ditentukan)"}" +
                    $" dan membawa pulang ±{o.RecordingsToCarry} perekaman (±{o.PerDay} per hari, ±{o.EstimatedMegabytes} MB).");
            }

            return p.Paragraph(plan, PdfPages.Margin, y, p.Width - (2 * PdfPages.Margin), text, 11);
        }

        pdf.NewPage(landscape: true);
        var top = Heading(pdf);
        PdfTable.Draw(pdf, columns, [.. items.Select((item, i) => (i + 1, item))], top, Heading);
    }

    public static string Kind(string code) =>
        RecordingLocations.TryParse(code, out var location) ? location.ToIndonesian() : code;
}
