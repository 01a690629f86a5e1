using Microsoft.AspNetCore.Http;

namespace Ektp.Central.Web;

/// <summary>
/// Strings of the centre's pages, Bahasa Indonesia first with English available (cookie `lang` = id|en, or
/// `?lang=en`), as on the regional server: one dictionary keeps every string reviewable in one place.
/// </summary>
internal sealed class UiText(IHttpContextAccessor http)
{
    public const string CookieName = "lang";

    public string Language
    {
        get
        {
            var context = http.HttpContext;
            var query = context?.Request.Query["lang"].ToString();
            var value = !string.IsNullOrEmpty(query) ? query : context?.Request.Cookies[CookieName];
            return value == "en" ? "en" : "id";
        }
    }

    public bool English => Language == "en";

    public string this[string key] =>
        Strings.TryGetValue(key, out var pair) ? (English ? pair.En : pair.Id) : key;

    /// <summary>The text of <paramref name="key"/> when there is one, else <paramref name="fallback"/>.</summary>
    public string Or(string key, string fallback) =>
        Strings.TryGetValue(key, out var pair) ? (English ? pair.En : pair.Id) : fallback;

    private static readonly Dictionary<string, (string Id, string En)> Strings = new(StringComparer.Ordinal)
    {
        ["app.title"] = ("Server Pusat KTP-el", "e-KTP central server"),
        ["app.owner"] = ("Ditjen Dukcapil", "Ditjen Dukcapil"),
        ["nav.stats"] = ("Statistik nasional", "National statistics"),
        ["nav.cases"] = ("Data ganda", "Duplicate cases"),
        ["nav.offices"] = ("Kantor", "Offices"),
        ["lang.switch"] = ("English", "Bahasa Indonesia"),
        ["yes"] = ("Ya", "Yes"),
        ["no"] = ("Tidak", "No"),
        ["utc"] = ("UTC", "UTC"),

        ["stats.title"] = ("Statistik nasional", "National statistics"),
        ["stats.received"] = ("Paket diterima", "Packets received"),
        ["stats.open"] = ("Kasus data ganda terbuka", "Open duplicate cases"),
        ["stats.duplicateRate"] = ("Tingkat data ganda", "Duplicate rate"),
        ["stats.duplicateRate.note"] = ("bagian keputusan pertama yang DUPLICATE_RECORD",
            "share of first decisions that were DUPLICATE_RECORD"),
        ["stats.median"] = ("Perekaman → keputusan, median", "Recording → decision, median"),
        ["stats.p95"] = ("Perekaman → keputusan, persentil 95", "Recording → decision, 95th percentile"),
        ["stats.perDay"] = ("Paket diterima per wilayah dan hari", "Packets received per region and day"),
        ["stats.chart"] = ("Paket diterima per hari (UTC)", "Packets received per day (UTC)"),
        ["stats.day"] = ("Tanggal", "Day"),
        ["stats.region"] = ("Wilayah", "Region"),
        ["stats.packets"] = ("Paket", "Packets"),
        ["stats.backlog"] = ("Antrean pipeline per tahap", "Pipeline backlog per stage"),
        ["stats.stage"] = ("Tahap", "Stage"),
        ["stats.waiting"] = ("Menunggu", "Waiting"),
        ["stats.decisions"] = ("Keputusan", "Decisions"),
        ["stats.kind"] = ("Jenis", "Kind"),
        ["stats.count"] = ("Jumlah", "Count"),
        ["stats.none"] = ("Belum ada paket yang diterima.", "No packet received yet."),
        ["stats.api"] = ("Angka yang sama dalam JSON:", "The same figures as JSON:"),
        ["stage.Validate"] = ("Validasi", "Validate"),
        ["stage.Demographic"] = ("Pemeriksaan NIK", "Demographic check"),
        ["stage.Biometric"] = ("Pencarian biometrik 1:N", "Biometric 1:N search"),
        ["stage.Decide"] = ("Keputusan", "Decision"),
        ["kind.NOTICE"] = ("Pemberitahuan (status tidak berubah)", "Notice (no status change)"),

        ["cases.title"] = ("Kasus data ganda", "Duplicate cases"),
        ["cases.state"] = ("Tampilkan", "Show"),
        ["cases.state.open"] = ("Terbuka", "Open"),
        ["cases.state.ruled"] = ("Sudah diputus", "Ruled"),
        ["cases.state.all"] = ("Semua", "All"),
        ["cases.show"] = ("Tampilkan", "Show"),
        ["cases.none"] = ("Tidak ada kasus.", "No cases."),
        ["cases.id"] = ("Kasus", "Case"),
        ["cases.opened"] = ("Dibuka", "Opened"),
        ["cases.later"] = ("NIK baru (diperiksa)", "Later NIK (examined)"),
        ["cases.earlier"] = ("NIK lama (cocok)", "Earlier NIK (matched)"),
        ["cases.reason"] = ("Alasan", "Reason"),
        ["cases.score"] = ("Skor", "Score"),
        ["cases.ruling"] = ("Putusan", "Ruling"),
        ["reason.biometric"] = ("Sidik jari cocok dengan NIK lain", "Fingers match another NIK"),
        ["reason.nik"] = ("NIK sudah terekam dengan sidik jari lain", "NIK already recorded with other fingers"),
        ["ruling.same-person"] = ("Sama orang", "Same person"),
        ["ruling.different-people"] = ("Orang berbeda", "Different people"),
        ["ruling.open"] = ("Belum diputus", "Not ruled yet"),

        ["case.title"] = ("Kasus data ganda", "Duplicate case"),
        ["case.notfound"] = ("Kasus ini tidak ditemukan.", "This case does not exist."),
        ["case.fused"] = ("Skor gabungan saat pencarian 1:N", "Fused score of the 1:N search"),
        ["case.sum"] = ("Jumlah skor per jari (dihitung ulang)", "Sum of per-finger scores (recomputed)"),
        ["case.threshold"] = ("ambang", "threshold"),
        ["case.later"] = ("Rekaman baru (diperiksa)", "Later recording (examined)"),
        ["case.earlier"] = ("Rekaman lama (cocok)", "Earlier recording (matched)"),
        ["case.packet"] = ("Paket", "Packet"),
        ["case.packet-missing"] = ("Paket tidak tersimpan di pusat.", "The packet is not stored at the centre."),
        ["case.packet-unreadable"] = ("Paket tidak dapat dibaca (rusak).", "The packet cannot be read (damaged)."),
        ["case.received"] = ("Diterima pusat", "Received at the centre"),
        ["case.recorded"] = ("Waktu perekaman", "Recorded at"),
        ["case.location"] = ("Tempat perekaman", "Recording location"),
        ["case.office"] = ("Kantor", "Office"),
        ["case.operator"] = ("Operator / perangkat", "Operator / device"),
        ["case.region"] = ("Kab/Kota", "Kabupaten/kota"),
        ["case.photo"] = ("Foto", "Photo"),
        ["case.signature"] = ("Tanda tangan", "Signature"),
        ["case.fingers"] = ("Sidik jari", "Fingerprints"),
        ["case.fingers.note"] = (
            "Kiri: rekaman baru; kanan: rekaman lama. Lingkaran = ujung alur, kotak = percabangan, garis pendek = arah. " +
            "Minusi yang berpasangan berwarna merah, bernomor sama di kedua gambar dan dihubungkan garis hijau.",
            "Left: later recording; right: earlier recording. Circle = ridge ending, square = bifurcation, tick = " +
            "direction. Paired minutiae are red, carry the same number in both images and are joined by a green line."),
        ["case.finger"] = ("Jari", "Finger"),
        ["case.fingerScore"] = ("Skor", "Score"),
        ["case.pairs"] = ("minusi berpasangan", "paired minutiae"),
        ["case.minutiae"] = ("minusi", "minutiae"),
        ["case.notRecorded"] = ("tidak direkam", "not recorded"),
        ["case.candidates"] = ("Kandidat dari pencarian 1:N", "Candidates of the 1:N search"),
        ["case.candidates.none"] = ("Tidak ada kandidat biometrik (konflik NIK).",
            "No biometric candidate (a NIK conflict)."),
        ["case.decisions"] = ("Keputusan yang dikirim ke daerah", "Decisions sent to the regions"),
        ["case.sequence"] = ("No.", "No."),
        ["case.rule"] = ("Putusan", "Ruling"),
        ["case.rule.same"] = ("Sama orang — NIK {0} dipertahankan, NIK {1} ditolak; kedua daerah diberi tahu",
            "Same person — NIK {0} is kept, NIK {1} is refused; both regions are told"),
        ["case.rule.different"] = ("Orang berbeda — izin cetak diterbitkan untuk NIK {0}",
            "Different people — a print permit is issued for NIK {0}"),
        ["case.rule.by"] = ("Diputus oleh", "Ruled by"),
        ["case.rule.reason"] = ("Alasan putusan", "Reason for the ruling"),
        ["case.rule.submit"] = ("Simpan putusan", "Save ruling"),
        ["case.rule.done"] = ("Putusan tersimpan dan dikirim ke daerah.", "The ruling is saved and sent to the regions."),
        ["case.ruled"] = ("Diputus", "Ruled"),
        ["case.rule.errors"] = ("Putusan belum dapat disimpan:", "The ruling cannot be saved yet:"),
        ["ruling.error.ruling-choice"] = ("Pilih \"sama orang\" atau \"orang berbeda\".",
            "Choose \"same person\" or \"different people\"."),
        ["ruling.error.by-missing"] = ("Isi siapa yang memutus.", "Fill in who rules."),
        ["ruling.error.by-too-long"] = ("Nama yang memutus paling banyak 120 karakter.",
            "Who rules has at most 120 characters."),
        ["ruling.error.reason-missing"] = ("Isi alasan putusan.", "Fill in the reason for the ruling."),
        ["ruling.error.reason-too-long"] = ("Alasan paling banyak 1000 karakter.",
            "The reason has at most 1000 characters."),
        ["ruling.refused.case-unknown"] = ("Kasus ini tidak ditemukan.", "This case does not exist."),
        ["ruling.refused.case-already-ruled"] = ("Kasus ini sudah diputus sebelumnya; putusan tidak dapat diubah.",
            "This case was already ruled; a ruling is never changed."),
        ["image.missing"] = ("gambar tidak ada", "no image"),
        ["image.damaged"] = ("gambar rusak", "image damaged"),

        ["field.nik"] = ("NIK", "NIK"),
        ["field.name"] = ("Nama", "Name"),
        ["field.birth"] = ("Tempat/Tgl Lahir", "Place/date of birth"),
        ["field.sex"] = ("Jenis Kelamin", "Sex"),
        ["field.address"] = ("Alamat", "Address"),
        ["field.rtrw"] = ("RT/RW", "RT/RW"),
        ["field.kelurahan"] = ("Kel/Desa", "Kelurahan/desa"),
        ["field.kecamatan"] = ("Kecamatan", "Kecamatan"),
        ["sex.male"] = ("LAKI-LAKI", "Male"),
        ["sex.female"] = ("PEREMPUAN", "Female"),
        ["loc.office"] = ("Kantor Disdukcapil", "Disdukcapil office"),
        ["loc.kecamatan"] = ("Kantor kecamatan", "Kecamatan office"),
        ["loc.school"] = ("Sekolah", "School"),
        ["loc.prison"] = ("Rutan/Lapas", "Prison"),
        ["loc.company"] = ("Perusahaan", "Company"),
        ["loc.village"] = ("Desa terpencil", "Remote village"),
        ["loc.home"] = ("Rumah (orang sakit)", "Home (sick resident)"),
        ["finger.1"] = ("Ibu jari kanan", "Right thumb"),
        ["finger.2"] = ("Telunjuk kanan", "Right index"),
        ["finger.3"] = ("Jari tengah kanan", "Right middle"),
        ["finger.4"] = ("Jari manis kanan", "Right ring"),
        ["finger.5"] = ("Kelingking kanan", "Right little"),
        ["finger.6"] = ("Ibu jari kiri", "Left thumb"),
        ["finger.7"] = ("Telunjuk kiri", "Left index"),
        ["finger.8"] = ("Jari tengah kiri", "Left middle"),
        ["finger.9"] = ("Jari manis kiri", "Left ring"),
        ["finger.10"] = ("Kelingking kiri", "Left little"),

        ["offices.title"] = ("Kantor pengirim (kunci publik)", "Sending offices (public keys)"),
        ["offices.none"] = ("Belum ada kantor terdaftar.", "No office is registered yet."),
        ["offices.key"] = ("ID kunci", "Key id"),
        ["offices.name"] = ("Kantor", "Office"),
        ["offices.registered"] = ("Terdaftar", "Registered"),
        ["offices.state"] = ("Status", "State"),
        ["offices.active"] = ("Aktif", "Active"),
        ["offices.revoked"] = ("Dicabut", "Revoked"),
        ["offices.register"] = ("Daftarkan kantor", "Register an office"),
        ["offices.region"] = ("Kode kab/kota (4 angka)", "Kabupaten/kota code (4 digits)"),
        ["offices.pem"] = ("Kunci publik (PEM, dari `ektp keys show`)", "Public key (PEM, from `ektp keys show`)"),
        ["offices.by"] = ("Petugas", "Officer"),
        ["offices.submit"] = ("Daftarkan", "Register"),
        ["offices.revoke"] = ("Cabut", "Revoke"),
        ["offices.revoke.reason"] = ("Alasan pencabutan", "Reason for revoking"),
        ["offices.revoke.note"] = ("Paket dari kunci yang dicabut ditolak pusat sejak saat itu.",
            "From then on the centre refuses packets sent with a revoked key."),
        ["offices.done.registered"] = ("Kantor terdaftar: {0} (kunci {1}).", "Office registered: {0} (key {1})."),
        ["offices.done.existing"] = ("Kunci ini sudah terdaftar untuk {0} (kunci {1}).",
            "This key is already registered for {0} (key {1})."),
        ["offices.done.revoked"] = ("Kunci {0} dicabut.", "Key {0} revoked."),
        ["offices.error.region-unknown"] = ("Kode wilayah bukan kabupaten/kota dalam daftar resmi Kemendagri.",
            "The region code is not a kabupaten/kota of the official Kemendagri list."),
        ["offices.error.key-invalid"] = ("Teks ini bukan kunci publik EC dalam bentuk PEM (`ektp keys show` mencetaknya).",
            "This text is not an EC public key in PEM form (`ektp keys show` prints one)."),
        ["offices.error.key-not-p256"] = ("Kunci kantor harus ECDSA P-256.", "Office keys are ECDSA P-256."),
        ["offices.error.key-other-region"] = ("Kunci ini sudah terdaftar untuk wilayah lain.",
            "This key is already registered for another region."),
        ["offices.error.by-too-long"] = ("Nama petugas paling banyak 120 karakter.",
            "The officer's name has at most 120 characters."),
        ["offices.error.by-missing"] = ("Isi siapa yang mencabut kunci.", "Fill in who revokes the key."),
        ["offices.error.reason-missing"] = ("Isi alasan pencabutan (paling banyak 400 karakter).",
            "Fill in why the key is revoked (at most 400 characters)."),
        ["offices.error.office-unknown"] = ("Kunci ini tidak terdaftar.", "This key is not registered."),
        ["offices.error.office-already-revoked"] = ("Kunci ini sudah dicabut.", "This key is already revoked."),
    };
}
