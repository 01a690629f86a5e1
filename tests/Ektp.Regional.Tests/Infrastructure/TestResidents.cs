using Ektp.Core.Identity;
using Ektp.Core.Lifecycle;
using Ektp.Core.Residents;
using Ektp.Regional.Registry;

namespace Ektp.Regional.Tests.Infrastructure;

/// <summary>Hand-made residents of Kota Dumai (kecamatan Dumai Barat, kelurahan Purnama) for API tests.</summary>
internal static class TestResidents
{
    public const string Kelurahan = "1472011006"; // Purnama, Dumai Barat
    public const string OtherKelurahan = "1472021002"; // Teluk Binjai, Dumai Timur
    private static int _serial;

    public static Resident Make(string name, DateOnly birthDate, Sex sex = Sex.Male,
        MaritalStatus marital = MaritalStatus.BelumKawin, string kelurahan = Kelurahan, string? kk = null)
    {
        var serial = Interlocked.Increment(ref _serial);
        return new Resident
        {
            Nik = Nik.Compose(kelurahan[..6], birthDate, sex, serial),
            Kk = KkNumber.Parse(kk ?? KkNumber.Compose(kelurahan[..6], new DateOnly(2010, 5, 1), serial).Value),
            Name = name,
            BirthPlace = "DUMAI",
            BirthDate = birthDate,
            Sex = sex,
            BloodType = BloodType.O,
            Address = "JL. SULTAN SYARIF KASIM NO. 12",
            Rt = 3,
            Rw = 2,
            KelurahanCode = kelurahan,
            Religion = Religion.Islam,
            MaritalStatus = marital,
            Occupation = "WIRASWASTA",
            Citizenship = Citizenship.Wni,
            Education = Education.Slta,
            MotherName = "SITI AMINAH",
        };
    }

    public static async Task<Resident> AddAsync(this RegionalServer server, Resident resident,
        RecordStatus status = RecordStatus.Unregistered)
    {
        await using var db = server.NewDbContext();
        db.Residents.Add(ResidentRecord.From(resident, status, server.Clock.GetUtcNow().UtcDateTime));
        if (!db.Families.Any(f => f.KkNumber == resident.Kk.Value))
        {
            db.Families.Add(new FamilyRecord
            {
                KkNumber = resident.Kk.Value,
                HeadNik = resident.Nik.Value,
                Address = resident.Address,
                Rt = resident.Rt,
                Rw = resident.Rw,
                KelurahanCode = resident.KelurahanCode,
            });
        }

        await db.SaveChangesAsync();
        return resident;
    }

    /// <summary>An adult (35) born on a fixed date, unregistered.</summary>
    public static Task<Resident> AddAdultAsync(this RegionalServer server, string name = "BUDI SANTOSO") =>
        server.AddAsync(Make(name, new DateOnly(1991, 4, 12)));
}
