using Ektp.Core.Identity;
using Ektp.Core.Residents;

namespace Ektp.Core.Tests;

internal static class TestResidents
{
    public static readonly KkNumber Kk = KkNumber.Compose("147201", new DateOnly(2012, 6, 15), 1);

    public static Resident Siti(KkNumber? kk = null) => new()
    {
        Nik = Nik.Compose("147201", new DateOnly(1990, 3, 5), Sex.Female, 12),
        Kk = kk ?? Kk,
        Name = "SITI RAHAYU",
        BirthPlace = "DUMAI",
        BirthDate = new DateOnly(1990, 3, 5),
        Sex = Sex.Female,
        BloodType = BloodType.O,
        Address = "JL. SULTAN SYARIF KASIM NO. 12",
        Rt = 3,
        Rw = 2,
        KelurahanCode = "1472011003",
        Religion = Religion.Islam,
        MaritalStatus = MaritalStatus.Kawin,
        Occupation = "MENGURUS RUMAH TANGGA",
        Citizenship = Citizenship.Wni,
        Education = Education.Slta,
        MotherName = "AMINAH",
    };

    public static Resident Budi(KkNumber? kk = null) => Siti(kk) with
    {
        Nik = Nik.Compose("147201", new DateOnly(1987, 11, 1), Sex.Male, 3),
        Name = "BUDI SANTOSO",
        BirthDate = new DateOnly(1987, 11, 1),
        Sex = Sex.Male,
        Occupation = "WIRASWASTA",
        MotherName = "SRI WAHYUNI",
    };
}
