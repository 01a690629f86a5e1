using Microsoft.AspNetCore.Http;

namespace Ektp.Regional.Web;

/// <summary>
/// Operator UI strings, Bahasa Indonesia first with English available (cookie `lang` = id|en, or `?lang=en`).
/// A plain dictionary keeps every string of a page reviewable in one place and costs nothing at run time.
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

    public string this[string key] =>
        Strings.TryGetValue(key, out var pair) ? (Language == "en" ? pair.En : pair.Id) : key;

    private static readonly Dictionary<string, (string Id, string En)> Strings = new(StringComparer.Ordinal)
    {
        ["app.title"] = ("Perekaman KTP-el", "e-KTP recording"),
        ["nav.search"] = ("Cari penduduk", "Find resident"),
        ["nav.today"] = ("Perekaman hari ini", "Today's recordings"),
        ["search.placeholder"] = ("NIK atau nama", "NIK or name"),
        ["search.kelurahan"] = ("Kelurahan/desa (opsional)", "Kelurahan/desa (optional)"),
        ["search.all"] = ("Semua", "All"),
        ["search.button"] = ("Cari", "Search"),
        ["search.none"] = ("Tidak ada penduduk yang cocok.", "No matching resident."),
        ["search.found"] = ("penduduk ditemukan", "residents found"),
        ["field.nik"] = ("NIK", "NIK"),
        ["field.kk"] = ("No. KK", "Family card (KK) no."),
        ["field.name"] = ("Nama", "Name"),
        ["field.birth"] = ("Tempat/Tgl Lahir", "Place/date of birth"),
        ["field.birthdate"] = ("Tgl Lahir", "Date of birth"),
        ["field.sex"] = ("Jenis Kelamin", "Sex"),
        ["field.blood"] = ("Gol. Darah", "Blood type"),
        ["field.address"] = ("Alamat", "Address"),
        ["field.rtrw"] = ("RT/RW", "RT/RW"),
        ["field.kelurahan"] = ("Kel/Desa", "Kelurahan/desa"),
        ["field.kecamatan"] = ("Kecamatan", "Kecamatan"),
        ["field.religion"] = ("Agama", "Religion"),
        ["field.marital"] = ("Status Perkawinan", "Marital status"),
        ["field.occupation"] = ("Pekerjaan", "Occupation"),
        ["field.citizenship"] = ("Kewarganegaraan", "Citizenship"),
        ["field.education"] = ("Pendidikan", "Education"),
        ["field.mother"] = ("Nama Ibu", "Mother's name"),
        ["field.status"] = ("Status rekam", "Record status"),
        ["field.since"] = ("Sejak", "Since"),
        ["field.wajib"] = ("Wajib KTP", "Wajib KTP"),
        ["field.wajibdate"] = ("Wajib KTP sejak", "Wajib KTP from"),
        ["yes"] = ("Ya", "Yes"),
        ["no"] = ("Tidak", "No"),
        ["resident.family"] = ("Anggota keluarga (KK)", "Family members (KK)"),
        ["resident.history"] = ("Riwayat status", "Status history"),
        ["resident.enroll"] = ("Rekam sekarang", "Record now"),
        ["resident.notfound"] = ("Penduduk dengan NIK ini tidak ditemukan.", "No resident has this NIK."),
        ["enroll.title"] = ("Perekaman", "Recording"),
        ["enroll.location"] = ("Tempat perekaman", "Recording location"),
        ["enroll.operator"] = ("Operator", "Operator"),
        ["enroll.photo"] = ("Foto", "Photo"),
        ["enroll.signature"] = ("Tanda tangan", "Signature"),
        ["enroll.fingers"] = ("Sidik jari", "Fingerprints"),
        ["enroll.missing"] = ("Alasan jika tidak dapat direkam", "Reason if it cannot be captured"),
        ["enroll.submit"] = ("Simpan perekaman", "Save recording"),
        ["enroll.done"] = ("Perekaman tersimpan.", "Recording saved."),
        ["enroll.packet"] = ("Paket", "Packet"),
        ["today.title"] = ("Perekaman hari ini", "Today's recordings"),
        ["today.none"] = ("Belum ada perekaman hari ini.", "No recordings today yet."),
        ["today.time"] = ("Waktu (UTC)", "Time (UTC)"),
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
        ["lang.switch"] = ("English", "Bahasa Indonesia"),
    };
}
