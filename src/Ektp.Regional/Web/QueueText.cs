using System.Globalization;

namespace Ektp.Regional.Web;

/// <summary>
/// Strings of the queue page (`/antrean`) and of the field-mode banner, Bahasa Indonesia first with English, in the
/// language <see cref="UiText"/> chose. Kept apart from <see cref="UiText"/> so the sync pages can change on their own.
/// </summary>
internal sealed class QueueText(UiText ui)
{
    public string Language => ui.Language;

    public string this[string key] =>
        Strings.TryGetValue(key, out var pair) ? (ui.Language == "en" ? pair.En : pair.Id) : key;

    /// <summary>A duration as people say it: "3 hari 4 jam", "25 menit", "kurang dari 1 menit".</summary>
    public string Duration(TimeSpan span)
    {
        var en = ui.Language == "en";
        if (span < TimeSpan.FromMinutes(1))
        {
            return en ? "less than a minute" : "kurang dari 1 menit";
        }

        string Unit(int n, string id, string enOne, string enMany) =>
            string.Create(CultureInfo.InvariantCulture, $"{n} {(en ? (n == 1 ? enOne : enMany) : id)}");

        return span.TotalDays >= 1
            ? $"{Unit(span.Days, "hari", "day", "days")} {Unit(span.Hours, "jam", "hour", "hours")}"
            : span.TotalHours >= 1
                ? $"{Unit(span.Hours, "jam", "hour", "hours")} {Unit(span.Minutes, "menit", "minute", "minutes")}"
                : Unit(span.Minutes, "menit", "minute", "minutes");
    }

    public static string Utc(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("dd-MM-yyyy HH:mm", CultureInfo.InvariantCulture) + " UTC" : "—";

    private static readonly Dictionary<string, (string Id, string En)> Strings = new(StringComparer.Ordinal)
    {
        ["nav.queue"] = ("Antrean", "Queue"),
        ["queue.title"] = ("Antrean pengiriman paket", "Packet sending queue"),
        ["queue.to.central"] = ("Paket rekaman dikirim ke server pusat (Ditjen Dukcapil).",
            "Recording packets go to the central server (Ditjen Dukcapil)."),
        ["queue.to.regional"] = ("Kit lapangan: paket rekaman dikirim ke server regional", "Field kit: recording packets go to the regional server"),
        ["queue.to.none"] = ("Server pusat belum diatur (--central): paket disimpan dan menunggu.",
            "No central server is configured (--central): packets are kept and wait."),
        ["queue.waiting"] = ("Paket menunggu", "Packets waiting"),
        ["queue.oldest"] = ("Paket tertua menunggu", "Oldest waiting packet"),
        ["queue.sent"] = ("Paket terkirim", "Packets sent"),
        ["queue.contact"] = ("Kontak terakhir yang berhasil", "Last successful contact"),
        ["queue.errorrate"] = ("Tingkat galat tautan (50 percobaan terakhir)", "Link error rate (last 50 attempts)"),
        ["queue.lasterror"] = ("Galat terakhir", "Last error"),
        ["queue.ago"] = ("yang lalu", "ago"),
        ["queue.never"] = ("belum pernah", "never"),
        ["queue.none"] = ("tidak ada", "none"),
        ["queue.setaside"] = ("Paket yang disisihkan", "Packets set aside"),
        ["queue.setaside.note"] = ("Paket ini ditolak dan tidak menghalangi paket lain; periksa alasannya.",
            "These packets were refused and do not hold up the others; check the reason."),
        ["queue.setaside.none"] = ("Tidak ada paket yang disisihkan.", "No packet is set aside."),
        ["queue.kitsetaside"] = ("Paket kit lapangan yang disisihkan di sini", "Field kit packets set aside here"),
        ["queue.kitsetaside.note"] = ("Data penduduk berubah di server regional sejak kit menyalinnya; rekam ulang bila perlu.",
            "The resident's record changed at the regional server since the kit copied it; record again if needed."),
        ["queue.packet"] = ("Paket", "Packet"),
        ["queue.recorded"] = ("Direkam", "Recorded"),
        ["queue.received"] = ("Diterima", "Received"),
        ["queue.kit"] = ("Kit", "Kit"),
        ["queue.reason"] = ("Alasan", "Reason"),
        ["queue.kits"] = ("Kit lapangan terdaftar", "Registered field kits"),
        ["queue.kits.none"] = ("Belum ada kit lapangan terdaftar (ektp regional add-office).",
            "No field kit is registered yet (ektp regional add-office)."),
        ["queue.kit.key"] = ("Kunci", "Key"),
        ["queue.kit.seen"] = ("Terakhir terlihat", "Last seen"),
        ["queue.kit.revoked"] = ("dicabut", "revoked"),
        ["queue.kit.active"] = ("aktif", "active"),
        ["queue.registry"] = ("Salinan data penduduk di kit", "The kit's copy of the registry"),
        ["queue.registry.area"] = ("Wilayah", "Area"),
        ["queue.registry.all"] = ("seluruh kabupaten/kota", "the whole kab/kota"),
        ["queue.registry.residents"] = ("Penduduk di kit", "Residents on the kit"),
        ["queue.registry.lastpull"] = ("Terakhir diambil", "Last pulled"),
        ["queue.registry.running"] = ("Sedang mengambil data…", "Pulling now…"),
        ["queue.registry.pull"] = ("Ambil data penduduk sekarang", "Pull the registry now"),
        ["queue.registry.requested"] = ("Permintaan diterima; data diambil bila tautan tersedia.",
            "Requested; the registry is pulled when the link is up."),
        ["banner.field"] = ("Mode lapangan", "Field mode"),
        ["banner.offline"] = ("Tidak terhubung ke server regional selama", "Offline from the regional server for"),
        ["banner.offline.never"] = ("Belum pernah terhubung ke server regional", "Never reached the regional server yet"),
        ["banner.online"] = ("Terhubung ke server regional; kontak terakhir", "Connected to the regional server; last contact"),
        ["banner.since"] = ("sejak", "since"),
        ["banner.packets"] = ("paket menunggu dikirim", "packets waiting to be sent"),
    };
}
