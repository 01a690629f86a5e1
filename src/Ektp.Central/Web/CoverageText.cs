namespace Ektp.Central.Web;

/// <summary>
/// Strings of the centre's coverage page (`/cakupan`), Bahasa Indonesia first with English, in the language
/// <see cref="UiText"/> chose; kept apart so the report can change on its own.
/// </summary>
internal sealed class CoverageText(UiText ui)
{
    public string this[string key] =>
        Strings.TryGetValue(key, out var pair) ? (ui.English ? pair.En : pair.Id) : key;

    private static readonly Dictionary<string, (string Id, string En)> Strings = new(StringComparer.Ordinal)
    {
        ["nav"] = ("Cakupan", "Coverage"),
        ["title"] = ("Cakupan perekaman menurut data pusat", "Recording coverage as the centre sees it"),
        ["intro"] = ("Pusat tidak memegang data kependudukan, jadi tidak mengetahui siapa yang wajib KTP. Halaman ini menunjukkan paket perekaman yang diterima dan keputusan pusat; cakupan (sudah rekam / wajib KTP) sampai tingkat RT ada di laporan setiap Disdukcapil.", "The centre does not hold the registry, so it does not know who is wajib KTP. This page shows the recording packets received and the centre's decisions; coverage (recorded / wajib KTP) down to the RT is in each Disdukcapil's report."),
        ["asof"] = ("Keadaan per tanggal", "As of"),
        ["show"] = ("Tampilkan", "Show"),
        ["national"] = ("Nasional", "National"),
        ["col.region"] = ("Wilayah", "Region"),
        ["col.population"] = ("Penduduk (Des 2024)", "Population (Dec 2024)"),
        ["col.received"] = ("Paket diterima", "Packets received"),
        ["col.persons"] = ("Orang (izin cetak)", "Persons (print permit)"),
        ["col.permits"] = ("Izin cetak", "Print permits"),
        ["col.duplicates"] = ("Data ganda", "Duplicates"),
        ["col.failures"] = ("Gagal", "Failed"),
        ["col.pending"] = ("Menunggu keputusan", "Awaiting decision"),
        ["col.percent"] = ("Orang per 100 penduduk", "Persons per 100 residents"),
        ["total"] = ("Jumlah", "Total"),
        ["csv"] = ("Unduh CSV", "Download CSV"),
        ["none"] = ("Belum ada paket yang diterima pada tanggal tersebut.", "No packet had been received by that date."),
        ["note.percent"] = ("Orang per 100 penduduk membandingkan dengan jumlah penduduk resmi Desember 2024 (termasuk anak-anak): ukuran skala, bukan cakupan wajib KTP.", "Persons per 100 residents compares with the official population of December 2024 (children included): a scale, not wajib-KTP coverage."),
        ["drill"] = ("Klik nama provinsi untuk melihat kab/kota.", "Click a province to see its kab/kota."),
    };
}
