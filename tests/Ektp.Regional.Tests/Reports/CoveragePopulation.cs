using Ektp.Core.Identity;
using Ektp.Core.Lifecycle;
using Ektp.Core.Residents;
using Ektp.Regional.Registry;
using Ektp.Regional.Tests.Infrastructure;

namespace Ektp.Regional.Tests.Reports;

/// <summary>
/// Thirteen hand-made residents of Kota Dumai whose coverage figures are worked out by hand in the tests, as of
/// 30 June and 23 November 2026 (the test clock's today). Kecamatan Dumai Barat (147201), kelurahan Purnama
/// (1472011006), RT 003 / RW 002 unless said otherwise:
/// A 1980 unrecorded · B 1985 recorded 1 Mar, DELIVERED (no history) · C 1990 recorded 10 May, print-ready 20 May,
/// PRINTED 1 Aug (full history) · D born 1 Dec 2009, unrecorded, not wajib until 1 Dec 2026 · E born 1 Mar 2010,
/// recorded at school 1 Sep (BIO_CAPTURED), not wajib · F born 1 Dec 2004, unrecorded, turns 22 on 1 Dec 2026 ·
/// G born 2010, married, unrecorded · H 1975 recorded 1 Apr, DUPLICATE_RECORD since 10 Apr · I born 1 Aug 2026 ·
/// in kelurahan Teluk Binjai (1472021002) of Dumai Timur (147202), RT 001 / RW 001: J 1970 recorded 1 Feb, DELIVERED;
/// K 1971 unrecorded with RT 0 · L 1988 unrecorded, kelurahan 1472019999 (not in the official list, kecamatan
/// Dumai Barat) · M 1960 recorded 5 Jan, DELIVERED, kelurahan Jadirejo of Kota Pekanbaru (1471011002).
/// </summary>
internal static class CoveragePopulation
{
    public const string DumaiBarat = "147201";
    public const string DumaiTimur = "147202";
    public const string Purnama = "1472011006";
    public const string TelukBinjai = "1472021002";
    public const string UnknownKelurahan = "1472019999";
    public const string Pekanbaru = "1471011002";
    public static readonly DateOnly Midyear = new(2026, 6, 30);
    public static readonly DateOnly Today = new(2026, 11, 23);

    public static async Task AddAsync(RegionalServer server)
    {
        await using var db = server.NewDbContext();
        var now = server.Clock.GetUtcNow().UtcDateTime;

        void Add(string name, DateOnly born, RecordStatus status = RecordStatus.Unregistered, DateTime? recorded = null,
            DateTime? since = null, MaritalStatus marital = MaritalStatus.BelumKawin, string kelurahan = Purnama,
            int rt = 3, int rw = 2, params (DateTime At, RecordStatus From, RecordStatus To)[] history)
        {
            var resident = TestResidents.Make(name, born, marital: marital, kelurahan: kelurahan);
            resident = resident with { Rt = rt, Rw = rw };
            var record = ResidentRecord.From(resident, status, since ?? recorded ?? now);
            record.RecordedAt = recorded;
            record.RecordedWhere = recorded is null ? null : RecordingLocation.Office;
            db.Residents.Add(record);
            foreach (var (at, from, to) in history)
            {
                db.StatusEvents.Add(new StatusEvent { Nik = record.Nik, From = from, To = to, At = at, By = "test" });
            }
        }

        static DateTime On(int month, int day, int hour = 9) => new(2026, month, day, hour, 0, 0, DateTimeKind.Utc);

        Add("A", new DateOnly(1980, 1, 10));
        Add("B", new DateOnly(1985, 2, 11), RecordStatus.Delivered, On(3, 1));
        Add("C", new DateOnly(1990, 3, 12), RecordStatus.Printed, On(5, 10), On(8, 1), history:
        [
            (On(5, 10), RecordStatus.Unregistered, RecordStatus.BioCaptured),
            (On(5, 11), RecordStatus.BioCaptured, RecordStatus.SentForEnrollment),
            (On(5, 12), RecordStatus.SentForEnrollment, RecordStatus.ReceivedAtCentral),
            (On(5, 20), RecordStatus.ReceivedAtCentral, RecordStatus.PrintReadyRecord),
            (On(8, 1), RecordStatus.PrintReadyRecord, RecordStatus.Printed),
        ]);
        Add("D", new DateOnly(2009, 12, 1));
        Add("E", new DateOnly(2010, 3, 1), RecordStatus.BioCaptured, On(9, 1), history:
            [(On(9, 1), RecordStatus.Unregistered, RecordStatus.BioCaptured)]);
        Add("F", new DateOnly(2004, 12, 1));
        Add("G", new DateOnly(2010, 1, 5), marital: MaritalStatus.Kawin);
        Add("H", new DateOnly(1975, 4, 13), RecordStatus.DuplicateRecord, On(4, 1), On(4, 10), history:
        [
            (On(4, 1), RecordStatus.Unregistered, RecordStatus.BioCaptured),
            (On(4, 2), RecordStatus.BioCaptured, RecordStatus.SentForEnrollment),
            (On(4, 10), RecordStatus.SentForEnrollment, RecordStatus.DuplicateRecord),
        ]);
        Add("I", new DateOnly(2026, 8, 1));
        Add("J", new DateOnly(1970, 5, 14), RecordStatus.Delivered, On(2, 1), kelurahan: TelukBinjai, rt: 1, rw: 1);
        Add("K", new DateOnly(1971, 6, 15), kelurahan: TelukBinjai, rt: 0, rw: 1);
        Add("L", new DateOnly(1988, 7, 16), kelurahan: UnknownKelurahan);
        Add("M", new DateOnly(1960, 8, 17), RecordStatus.Delivered, On(1, 5), kelurahan: Pekanbaru);
        await db.SaveChangesAsync();
    }
}
