using Microsoft.AspNetCore.Http;

namespace Ektp.Hosting.Audit;

/// <summary>The audit page's strings, Bahasa Indonesia first (English with the pages' language switch); the same
/// page on both servers.</summary>
internal sealed class AuditText(IHttpContextAccessor http)
{
    public bool English => UiLanguage.Of(http.HttpContext) == "en";

    public string this[string key] =>
        Strings.TryGetValue(key, out var pair) ? (English ? pair.En : pair.Id) : key;

    /// <summary>The action's name for people; the code itself when there is none.</summary>
    public string Action(string code) =>
        Strings.TryGetValue("action." + code, out var pair) ? (English ? pair.En : pair.Id) : code;

    private static readonly Dictionary<string, (string Id, string En)> Strings = new(StringComparer.Ordinal)
    {
        ["nav"] = ("Jejak audit", "Audit trail"),
        ["title"] = ("Jejak audit", "Audit trail"),
        ["intro"] = ("Setiap akses ke data penduduk, perekaman, perubahan, putusan, pencetakan, penyerahan dan setiap percobaan masuk tercatat di sini. Catatan tidak dapat diubah atau dihapus: setiap catatan memuat hash catatan sebelumnya.",
            "Every access to a resident's record, every recording, change, ruling, print, hand-over and sign-in attempt is written here. Entries cannot be changed or removed: each carries the hash of the one before."),
        ["head"] = ("Ujung rantai (catat sebagai jangkar untuk ektp audit verify --expect)", "Head of the chain (write it down as the anchor for ektp audit verify --expect)"),
        ["empty.log"] = ("Belum ada catatan.", "No entries yet."),
        ["filter.nik"] = ("NIK", "NIK"),
        ["filter.user"] = ("Pengguna", "User"),
        ["filter.from"] = ("Dari tanggal", "From"),
        ["filter.to"] = ("Sampai tanggal", "To"),
        ["filter.search"] = ("Cari", "Search"),
        ["filter.reset"] = ("Hapus filter", "Clear filters"),
        ["export"] = ("Unduh CSV (tercatat di jejak audit)", "Download CSV (written to the audit trail)"),
        ["col.seq"] = ("No.", "Seq"),
        ["col.at"] = ("Waktu (UTC)", "Time (UTC)"),
        ["col.user"] = ("Pengguna", "User"),
        ["col.roles"] = ("Peran", "Roles"),
        ["col.remote"] = ("Alamat", "Address"),
        ["col.action"] = ("Tindakan", "Action"),
        ["col.nik"] = ("NIK", "NIK"),
        ["col.detail"] = ("Keterangan", "Detail"),
        ["col.hash"] = ("Hash", "Hash"),
        ["none"] = ("Tidak ada catatan yang cocok.", "No matching entry."),
        ["older"] = ("Lebih lama →", "Older →"),
        ["newest"] = ("← Terbaru", "← Newest"),
        ["invalid"] = ("Filter tidak valid", "Invalid filter"),
        ["action.person.read"] = ("Buka data penduduk", "Resident's record read"),
        ["action.person.status"] = ("Lihat status rekam", "Record status read"),
        ["action.person.search"] = ("Pencarian penduduk", "Resident search"),
        ["action.enrollment.record"] = ("Perekaman", "Recording"),
        ["action.enrollment.receive"] = ("Perekaman dari perangkat lapangan", "Recording from a field kit"),
        ["action.change.request"] = ("Permohonan perubahan", "Change requested"),
        ["action.change.approve"] = ("Perubahan disetujui", "Change approved"),
        ["action.change.reject"] = ("Perubahan ditolak", "Change rejected"),
        ["action.card.read"] = ("Lihat kartu", "Card viewed"),
        ["action.card.print"] = ("Cetak KTP-el", "e-KTP printed"),
        ["action.card.spoil"] = ("Kartu rusak cetak", "Card spoiled"),
        ["action.card.deliver"] = ("Penyerahan KTP-el", "e-KTP handed over"),
        ["action.delivery.batch"] = ("Paket pengiriman", "Delivery batch"),
        ["action.queue.priority"] = ("Prioritas antrean", "Queue priority"),
        ["action.queue.release"] = ("Tahanan antrean dilepas", "Queue hold released"),
        ["action.case.list"] = ("Daftar kasus", "Case list"),
        ["action.ruling.record"] = ("Putusan data ganda", "Duplicate ruling"),
        ["action.auth.login"] = ("Masuk", "Sign-in"),
        ["action.auth.login-failed"] = ("Gagal masuk", "Failed sign-in"),
        ["action.auth.lockout"] = ("Akun terkunci", "Account locked"),
        ["action.auth.password-change"] = ("Ganti kata sandi", "Password changed"),
        ["action.account.add"] = ("Akun dibuat", "Account added"),
        ["action.account.reset"] = ("Kata sandi akun direset", "Account reset"),
        ["action.account.lock"] = ("Akun dikunci", "Account locked by an admin"),
        ["action.account.unlock"] = ("Akun dibuka", "Account unlocked"),
        ["action.audit.export"] = ("Ekspor jejak audit", "Audit export"),
    };
}
