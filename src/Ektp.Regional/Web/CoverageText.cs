namespace Ektp.Regional.Web;

/// <summary>
/// Strings of the coverage dashboard (`/cakupan`) and of the printed coverage report, Bahasa Indonesia first with
/// English. Kept apart from <see cref="UiText"/> so the reports can change on their own; the PDF for the Wali Kota /
/// Bupati uses the Indonesian side through <see cref="Id"/>.
/// </summary>
internal sealed class CoverageText(UiText ui)
{
    public string Language => ui.Language;

    public string this[string key] => Get(key, ui.Language == "en");

    public static string Id(string key) => Get(key, english: false);

    public static string Get(string key, bool english) =>
        Strings.TryGetValue(key, out var pair) ? (english ? pair.En : pair.Id) : key;

    private static readonly Dictionary<string, (string Id, string En)> Strings = new(StringComparer.Ordinal)
    {
        ["nav.coverage"] = ("Cakupan", "Coverage"),
        ["title"] = ("Cakupan perekaman KTP-el", "e-KTP recording coverage"),
        ["report.title"] = ("LAPORAN CAKUPAN PEREKAMAN KTP-el", "E-KTP RECORDING COVERAGE REPORT"),
        ["asof"] = ("Keadaan per tanggal", "As of"),
        ["show"] = ("Tampilkan", "Show"),
        ["all"] = ("Seluruh kab/kota", "Whole kab/kota"),
        ["level.kabkota"] = ("Kab/Kota", "Kab/kota"),
        ["level.kecamatan"] = ("Kecamatan", "Kecamatan"),
        ["level.kelurahan"] = ("Kelurahan/Desa", "Kelurahan/desa"),
        ["level.rt"] = ("RT", "RT"),
        ["col.unit"] = ("Wilayah", "Unit"),
        ["col.population"] = ("Penduduk", "Residents"),
        ["col.wajib"] = ("Wajib KTP", "Wajib KTP"),
        ["col.recorded"] = ("Sudah rekam", "Recorded"),
        ["col.percent"] = ("Cakupan", "Coverage"),
        ["col.unrecorded"] = ("Belum rekam", "Not recorded"),
        ["col.notwajib"] = ("Rekam belum wajib", "Recorded, not yet wajib"),
        ["col.sent"] = ("Terkirim ke pusat", "Sent to centre"),
        ["col.printready"] = ("Siap cetak", "Print-ready"),
        ["col.backlog"] = ("Antrean cetak", "Print backlog"),
        ["col.printed"] = ("Tercetak", "Printed"),
        ["col.delivered"] = ("Diserahkan", "Delivered"),
        ["col.duplicates"] = ("Data ganda", "Duplicates"),
        ["col.turning22"] = ("Belum rekam, usia 22 dalam 1 tahun", "Unrecorded, turning 22 within a year"),
        ["col.turning22.short"] = ("Usia 22 ≤ 1 thn", "Turns 22 ≤ 1 yr"),
        ["col.notes"] = ("Catatan", "Notes"),
        ["total"] = ("Jumlah", "Total"),
        ["csv"] = ("Unduh CSV", "Download CSV"),
        ["pdf"] = ("Laporan PDF untuk Wali Kota/Bupati", "PDF report for the Wali Kota/Bupati"),
        ["trend"] = ("Perkembangan mingguan", "Weekly trend"),
        ["trend.csv"] = ("Unduh CSV perkembangan", "Download the trend as CSV"),
        ["trend.recorded"] = ("Perekaman per minggu", "Recorded per week"),
        ["trend.coverage"] = ("Cakupan kumulatif (%)", "Cumulative coverage (%)"),
        ["trend.backlog"] = ("Antrean cetak (siap cetak, belum dicetak)", "Print backlog (print-ready, not printed)"),
        ["trend.week"] = ("Minggu berakhir", "Week ending"),
        ["unplaced"] = ("Data yang tidak dapat ditempatkan", "Records that could not be placed"),
        ["unplaced.none"] = ("Semua data penduduk dapat ditempatkan.", "Every record could be placed."),
        ["unplaced.examples"] = ("Contoh NIK", "Example NIKs"),
        ["unplaced.kecamatan-unknown"] = ("Kode kecamatan tidak ada dalam daftar wilayah resmi (Kepmendagri): perbaiki alamat di SIAK lalu impor ulang.", "The kecamatan code is not in the official region list (Kepmendagri): correct the address in SIAK and import again."),
        ["unplaced.kelurahan-unknown"] = ("Kode kelurahan/desa tidak ada dalam daftar wilayah resmi (Kepmendagri), misalnya kode lama sebelum pemekaran: perbaiki alamat di SIAK lalu impor ulang.", "The kelurahan/desa code is not in the official region list (Kepmendagri), for example an old code from before a split: correct the address in SIAK and import again."),
        ["unplaced.outside-area"] = ("Kode wilayah resmi, tetapi di luar wilayah laporan ini: perbaiki alamat di SIAK atau catat kepindahannya.", "An official region code, but outside the area of this report: correct the address in SIAK or register the move."),
        ["unplaced.rt-missing"] = ("RT atau RW kosong (0): dihitung di kelurahan/desanya, tetapi tidak di RT mana pun; lengkapi alamat di SIAK.", "RT or RW is missing (0): counted in its kelurahan/desa but in no RT; complete the address in SIAK."),
        ["caveats"] = ("Catatan", "Notes"),
        ["caveat.1"] = ("Angka dihitung dari data penduduk saat ini pada tanggal tersebut: penduduk yang lahir sampai tanggal itu; wajib KTP = berusia 17 tahun atau sudah/pernah kawin.", "Counted from today's registry as of the date: residents born by then; wajib KTP = aged 17 or over, or married or ever married."),
        ["caveat.2"] = ("Penduduk yang meninggal atau pindah tetap terhitung belum rekam sampai datanya diperbarui, sehingga sebagian kesenjangan bisa bukan kesenjangan sebenarnya.", "Residents who died or moved away count as unrecorded until the registry is updated, so part of a gap may not be a real gap."),
        ["caveat.3"] = ("Tahap (terkirim, siap cetak, tercetak, diserahkan, data ganda) berasal dari riwayat status; hari dihitung dalam UTC.", "Stages (sent, print-ready, printed, delivered, duplicates) come from the status history; days are UTC days."),
        ["drill"] = ("Klik nama wilayah untuk melihat rinciannya.", "Click a unit's name to see its breakdown."),
        ["back"] = ("Naik satu tingkat", "Up one level"),
        ["generated"] = ("Dibuat", "Generated"),
        ["page"] = ("Halaman", "Page"),
        ["none"] = ("Tidak ada penduduk di wilayah ini pada tanggal tersebut.", "No residents in this area on that date."),
        ["api"] = ("Data yang sama sebagai JSON:", "The same data as JSON:"),
    };
}
