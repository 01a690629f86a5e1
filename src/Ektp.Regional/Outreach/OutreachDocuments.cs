using System.Globalization;
using Ektp.Core.Residents;

namespace Ektp.Regional.Outreach;

/// <summary>
/// The printed side of outreach, in Bahasa Indonesia: the list of unrecorded residents for the Lurah and RT (PDF, one
/// section per RT, with an empty column for what the RT finds, and CSV), the invitation letters (surat undangan
/// perekaman, one page per resident) and the letter asking an institution whether it is ready for a visit.
/// </summary>
internal static class OutreachDocuments
{
    public static readonly string[] CsvHeader =
    [
        "NIK", "NO_KK", "NAMA_LGKP", "JENIS_KLMN", "TGL_LHR", "UMUR", "ALAMAT", "NO_RT", "NO_RW", "KODE_KEL",
        "NAMA_KEL", "NAMA_KEC", "TEMUAN_RT", "TEMUAN_OLEH", "TEMUAN_TGL", "CATATAN",
    ];

    public const string FreeOfCharge = "Perekaman dan penerbitan KTP-el TIDAK DIPUNGUT BIAYA (gratis).";

    public const string RegistryNote = "Penduduk yang meninggal atau pindah bukan kekurangan cakupan, tetapi tetap " +
        "tercatat dan dihitung sebagai wajib KTP belum rekam sampai data kependudukan (SIAK) diperbarui.";

    public static byte[] ListCsv(UnrecordedList list) => Csv.Write(CsvHeader, list.Items.Select(r => new[]
    {
        r.Nik, r.KkNumber, r.Name, r.Sex, IndonesianDates.Short(r.BirthDate),
        r.Age.ToString(CultureInfo.InvariantCulture), r.Address, r.Rt.ToString("D3", CultureInfo.InvariantCulture),
        r.Rw.ToString("D3", CultureInfo.InvariantCulture), list.Place.KelurahanCode, list.Place.Kelurahan,
        list.Place.Kecamatan, r.Finding?.Finding, r.Finding?.ReportedBy,
        r.Finding is null ? null : r.Finding.FoundOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        r.Finding?.Note,
    }));

    /// <summary>The list for the Lurah and the RTs: one section per RT (a new page each), the findings so far, and a
    /// column where the RT writes what it finds (codes 1–5, explained under the title).</summary>
    public static void ListPdf(Stream output, UnrecordedList list, OfficeDetails office, RegionalInfo region)
    {
        using var pdf = new PdfPages(output, $"Daftar penduduk wajib KTP belum rekam — {list.Place.Kelurahan}");
        using var title = PdfPages.Bold(12);
        using var text = PdfPages.Regular(8.5f);
        var columns = new PdfColumn<(int No, UnrecordedResident R)>[]
        {
            new("No", 26, x => x.No.ToString(CultureInfo.InvariantCulture)),
            new("NIK", 92, x => x.R.Nik),
            new("Nama", 140, x => x.R.Name),
            new("L/P", 24, x => x.R.Sex),
            new("Tgl Lahir (umur)", 78, x => $"{IndonesianDates.Short(x.R.BirthDate)} ({x.R.Age})"),
            new("Alamat", 142, x => x.R.Address),
            new("RT/RW", 44, x => Rt(x.R.Rt, x.R.Rw)),
            new("Temuan RT tercatat", 120, x => x.R.Finding is { } f
                ? $"{f.Kind.ToIndonesian()} ({f.ReportedBy}, {IndonesianDates.Short(f.FoundOn)})" : "—"),
            new("Hasil pemeriksaan RT (1–5)", 80, _ => ""),
        };
        var groups = list.Items.GroupBy(r => (r.Rw, r.Rt)).ToList();
        if (groups.Count == 0)
        {
            pdf.NewPage(landscape: true);
            var y = Heading(pdf, list, office, region, null, title, text);
            pdf.Text("Tidak ada penduduk wajib KTP yang belum rekam.", PdfPages.Margin, y + 12, text);
            return;
        }

        foreach (var group in groups)
        {
            pdf.NewPage(landscape: true);
            var top = Heading(pdf, list, office, region, group.Key, title, text);
            var rows = group.Select((r, i) => (i + 1, r)).ToList();
            var y = PdfTable.Draw(pdf, columns, rows, top,
                p => Heading(p, list, office, region, group.Key, title, text));
            if (y + 60 > pdf.Height - PdfPages.Margin)
            {
                pdf.NewPage(landscape: true);
                y = PdfPages.Margin;
            }

            y = pdf.Paragraph(string.Create(CultureInfo.InvariantCulture,
                    $"Jumlah RT {Rt(group.Key.Rt, group.Key.Rw)}: {rows.Count} orang. {RegistryNote}"),
                PdfPages.Margin, y + 16, pdf.Width - (2 * PdfPages.Margin), text, 11);
            pdf.Text("Diperiksa oleh Ketua RT: ______________________   Tanggal: ____________   Tanda tangan: " +
                     "______________", PdfPages.Margin, y + 14, text);
        }
    }

    private static float Heading(PdfPages pdf, UnrecordedList list, OfficeDetails office, RegionalInfo region,
        (int Rw, int Rt)? rt, SkiaSharp.SKFont title, SkiaSharp.SKFont text)
    {
        var y = PdfPages.Margin;
        pdf.Text("DAFTAR PENDUDUK WAJIB KTP YANG BELUM MELAKUKAN PEREKAMAN KTP-el", PdfPages.Margin, y, title);
        y += 16;
        var where = $"Kelurahan/Desa {list.Place.Kelurahan} ({list.Place.KelurahanCode}), Kecamatan " +
                    $"{list.Place.Kecamatan}, {region.Name}";
        pdf.Text(rt is { } k ? $"{where} — RT {Rt(k.Rt, k.Rw)}" : where, PdfPages.Margin, y, text);
        y += 12;
        pdf.Text($"Keadaan per {IndonesianDates.Long(list.AsOf)} · {office.Name} · halaman {pdf.PageCount}",
            PdfPages.Margin, y, text);
        y += 12;
        pdf.Text("Hasil pemeriksaan RT: 1 = pindah, 2 = meninggal, 3 = bekerja di luar daerah, 4 = sakit di rumah " +
                 "(petugas datang ke rumah), 5 = akan datang ke kantor.", PdfPages.Margin, y, text);
        return y + 10;
    }

    public static string Rt(int rt, int rw) =>
        string.Create(CultureInfo.InvariantCulture, $"{rt:D3}/{rw:D3}");

    /// <summary>One invitation letter per recipient, one A4 page each, numbered in order.</summary>
    public static void Letters(Stream output, IReadOnlyList<LetterRecipient> recipients, LetterContext context)
    {
        using var pdf = new PdfPages(output, "Surat undangan perekaman KTP-el");
        using var bold = PdfPages.Bold(11);
        using var text = PdfPages.Regular(10.5f);
        var width = PdfPages.A4Width - (2 * PdfPages.Margin);
        var number = 0;
        foreach (var r in recipients)
        {
            number++;
            pdf.NewPage();
            var y = Letterhead(pdf, context);
            y = Line(pdf, string.Create(CultureInfo.InvariantCulture,
                $"Nomor    : 470/{context.Reference}/{number:D4}/{context.Date.Year}"), y, text);
            y = Line(pdf, "Sifat    : Penting", y, text);
            y = Line(pdf, "Perihal  : Undangan Perekaman KTP Elektronik (KTP-el)", y, text);
            y += 14;
            y = Line(pdf, "Kepada Yth.", y, text);
            y = Line(pdf, $"Sdr./Sdri. {r.Name}", y, bold);
            y = Line(pdf, $"NIK {r.Nik}", y, text);
            y = Line(pdf, $"{r.Address} RT {Rt(r.Rt, r.Rw)}", y, text);
            y = Line(pdf, $"Kel./Desa {r.Place.Kelurahan}, Kec. {r.Place.Kecamatan}", y, text);
            y = Line(pdf, $"di {context.Region.Name}", y, text);
            y += 14;
            y = pdf.Paragraph(
                $"Berdasarkan data kependudukan kami, Saudara/Saudari dengan NIK {r.Nik} telah wajib memiliki KTP-el " +
                "tetapi belum melakukan perekaman data (foto, sidik jari, iris mata dan tanda tangan). Bersama ini " +
                "kami mengundang Saudara/Saudari untuk datang melakukan perekaman KTP-el pada:",
                PdfPages.Margin, y, width, text, 15);
            y += 4;
            foreach (var (label, value) in context.When)
            {
                pdf.Text(label, PdfPages.Margin + 20, y, text);
                y = pdf.Paragraph(": " + value, PdfPages.Margin + 110, y, width - 110, text, 15);
            }

            y += 6;
            y = pdf.Paragraph("Harap membawa surat undangan ini dan Kartu Keluarga (KK). " + FreeOfCharge,
                PdfPages.Margin, y, width, bold, 15);
            y = pdf.Paragraph(
                "Apabila Saudara/Saudari sakit atau sudah lanjut usia sehingga tidak dapat datang, mohon " +
                "memberitahukan Ketua RT atau Lurah setempat agar petugas kami datang merekam di rumah.",
                PdfPages.Margin, y + 6, width, text, 15);
            y = pdf.Paragraph(
                "Demikian undangan ini kami sampaikan. Atas perhatian dan kehadiran Saudara/Saudari kami ucapkan " +
                "terima kasih.", PdfPages.Margin, y + 6, width, text, 15);
            Signature(pdf, context, y + 20, text, bold);
        }

        if (number == 0)
        {
            pdf.NewPage();
            var y = Letterhead(pdf, context);
            pdf.Text("Tidak ada penduduk yang perlu diundang.", PdfPages.Margin, y, text);
        }
    }

    /// <summary>The letter asking a school (or prison, company) whether it is ready for a recording visit.</summary>
    public static void InstitutionLetter(Stream output, Institution institution, Place place, int unrecorded,
        LetterContext context)
    {
        using var pdf = new PdfPages(output, $"Surat kepada {institution.Name}");
        using var bold = PdfPages.Bold(11);
        using var text = PdfPages.Regular(10.5f);
        var width = PdfPages.A4Width - (2 * PdfPages.Margin);
        pdf.NewPage();
        var y = Letterhead(pdf, context);
        y = Line(pdf, $"Nomor    : 470/{context.Reference}/{context.Date.Year}", y, text);
        y = Line(pdf, "Perihal  : Perekaman KTP-el di tempat (jemput bola)", y, text);
        y += 14;
        y = Line(pdf, "Kepada Yth.", y, text);
        y = Line(pdf, institution.Contact ?? Addressee(institution.Kind), y, text);
        y = Line(pdf, institution.Name, y, bold);
        y = Line(pdf, institution.Address, y, text);
        y = Line(pdf, $"Kel./Desa {place.Kelurahan}, Kec. {place.Kecamatan}", y, text);
        y += 14;
        var who = institution.Kind switch
        {
            InstitutionKind.School => "siswa/siswi yang telah berusia 15 tahun atau lebih",
            InstitutionKind.Prison => "warga binaan",
            _ => "karyawan",
        };
        var detail = institution.Kind == InstitutionKind.School
            ? " Siswa yang direkam sebelum berusia 17 tahun menerima KTP-el setelah genap 17 tahun; kartunya kami " +
              "antarkan ke sekolah."
            : "";
        y = pdf.Paragraph(
            $"Dalam rangka menuntaskan perekaman KTP Elektronik (KTP-el) di {context.Region.Name}, {context.Office.Name} " +
            $"akan melaksanakan perekaman KTP-el di tempat bagi {who} di {institution.Name}.{detail}",
            PdfPages.Margin, y, width, text, 15);
        if (unrecorded > 0)
        {
            y = pdf.Paragraph(string.Create(CultureInfo.InvariantCulture,
                    $"Menurut daftar yang kami terima, {unrecorded} orang belum melakukan perekaman."),
                PdfPages.Margin, y + 6, width, text, 15);
        }

        y = pdf.Paragraph(
            "Sehubungan dengan hal tersebut, kami mohon Bapak/Ibu memberitahukan kesiapan untuk menerima petugas " +
            "perekaman, jumlah orang yang akan direkam, serta tanggal yang diusulkan, dan mengirimkan daftar nama " +
            "(NIK, nama lengkap, tanggal lahir) dalam format CSV. Jadwal perekaman kami tetapkan setelah menerima " +
            "jawaban kesiapan tersebut.", PdfPages.Margin, y + 6, width, text, 15);
        y = pdf.Paragraph(FreeOfCharge, PdfPages.Margin, y + 6, width, bold, 15);
        y = pdf.Paragraph(
            $"Informasi lebih lanjut: {context.Office.Address}; {context.Office.Hours}" +
            (context.Office.Phone is { } phone ? $"; telepon {phone}." : "."),
            PdfPages.Margin, y + 6, width, text, 15);
        y = pdf.Paragraph("Demikian kami sampaikan. Atas perhatian dan kerja samanya kami ucapkan terima kasih.",
            PdfPages.Margin, y + 6, width, text, 15);
        Signature(pdf, context, y + 20, text, bold);
    }

    private static string Addressee(InstitutionKind kind) => kind switch
    {
        InstitutionKind.School => "Bapak/Ibu Kepala Sekolah",
        InstitutionKind.Prison => "Bapak/Ibu Kepala Lembaga Pemasyarakatan/Rumah Tahanan",
        _ => "Bapak/Ibu Pimpinan",
    };

    private static float Letterhead(PdfPages pdf, LetterContext context)
    {
        using var big = PdfPages.Bold(13);
        using var mid = PdfPages.Bold(11.5f);
        using var small = PdfPages.Regular(9);
        var y = PdfPages.Margin + 4;
        pdf.Centred($"PEMERINTAH {context.Region.Name.ToUpperInvariant()}", y, mid);
        y += 17;
        pdf.Centred("DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL", y, big);
        y += 14;
        pdf.Centred(context.Office.Address, y, small);
        y += 11;
        pdf.Centred($"Jam pelayanan: {context.Office.Hours}" +
                    (context.Office.Phone is { } phone ? $" · Telepon {phone}" : ""), y, small);
        y += 8;
        pdf.Line(PdfPages.Margin, y, PdfPages.A4Width - PdfPages.Margin, y);
        pdf.Line(PdfPages.Margin, y + 2, PdfPages.A4Width - PdfPages.Margin, y + 2);
        y += 22;
        using var text = PdfPages.Regular(10.5f);
        var dated = $"{CityName(context.Region)}, {IndonesianDates.Long(context.Date)}";
        pdf.Text(dated, PdfPages.A4Width - PdfPages.Margin - text.MeasureText(dated), y, text);
        return y + 18;
    }

    private static void Signature(PdfPages pdf, LetterContext context, float y, SkiaSharp.SKFont text,
        SkiaSharp.SKFont bold)
    {
        var x = PdfPages.A4Width - PdfPages.Margin - 220;
        y = Math.Min(y, PdfPages.A4Height - PdfPages.Margin - 90);
        pdf.Paragraph(context.Office.Head, x, y, 220, text, 14);
        pdf.Text(context.Region.Name, x, y + 30, text);
        pdf.Text("( ............................................ )", x, y + 80, bold);
    }

    private static float Line(PdfPages pdf, string line, float y, SkiaSharp.SKFont font)
    {
        pdf.Text(line, PdfPages.Margin, y, font);
        return y + 15;
    }

    private static string CityName(RegionalInfo region) =>
        region.Name.StartsWith("Kota ", StringComparison.Ordinal) ? region.Name[5..] :
        region.Name.StartsWith("Kabupaten ", StringComparison.Ordinal) ? region.Name[10..] : region.Name;
}

internal sealed record LetterRecipient(string Nik, string Name, string Address, int Rt, int Rw, Place Place);

/// <summary>Who writes, when, and where and when the resident is invited (the office by default, or a session).</summary>
internal sealed record LetterContext(OfficeDetails Office, RegionalInfo Region, DateOnly Date, string Reference,
    IReadOnlyList<(string Label, string Value)> When)
{
    public static LetterContext AtOffice(OfficeDetails office, RegionalInfo region, DateOnly date, string reference) =>
        new(office, region, date, reference,
        [
            ("Tempat", $"{office.Name}, {office.Address}"),
            ("Hari/jam", $"{office.Hours} (hari kerja)"),
        ]);

    public static LetterContext AtSession(OfficeDetails office, RegionalInfo region, DateOnly date, string reference,
        string place, DateOnly start, DateOnly end, RecordingLocation kind) =>
        new(office, region, date, reference,
        [
            ("Tempat", kind == RecordingLocation.Home ? "di rumah Saudara/Saudari (kunjungan petugas)" : place),
            ("Tanggal", IndonesianDates.Range(start, end)),
            ("Jam", kind == RecordingLocation.Home ? "petugas datang antara pukul 08.00 dan 15.00" : "08.00–15.00"),
            ("Atau", $"setiap hari kerja di {office.Name}, {office.Address} ({office.Hours})"),
        ]);
}
