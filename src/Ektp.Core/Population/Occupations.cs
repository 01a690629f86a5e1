using Ektp.Core.Identity;
using Ektp.Core.Residents;

namespace Ektp.Core.Population;

/// <summary>SIAK occupation texts and education levels drawn by age, sex and schooling.</summary>
internal static class Occupations
{
    public const string NotWorking = "BELUM/TIDAK BEKERJA";
    public const string Student = "PELAJAR/MAHASISWA";
    public const string Housekeeping = "MENGURUS RUMAH TANGGA";
    public const string Retired = "PENSIUNAN";

    private static readonly (string Name, double Weight)[] Higher =
    [
        ("PEGAWAI NEGERI SIPIL (PNS)", 22), ("GURU", 12), ("KARYAWAN SWASTA", 25), ("KARYAWAN BUMN", 8),
        ("WIRASWASTA", 12), ("DOSEN", 2), ("DOKTER", 2), ("PERAWAT", 4), ("BIDAN", 2),
        ("TENTARA NASIONAL INDONESIA (TNI)", 3), ("KEPOLISIAN RI (POLRI)", 4), ("PERDAGANGAN", 3),
    ];

    private static readonly (string Name, double Weight)[] Middle =
    [
        ("KARYAWAN SWASTA", 30), ("WIRASWASTA", 22), ("PEDAGANG", 10), ("BURUH HARIAN LEPAS", 10), ("SOPIR", 5),
        ("TENTARA NASIONAL INDONESIA (TNI)", 2), ("KEPOLISIAN RI (POLRI)", 2), ("PEGAWAI NEGERI SIPIL (PNS)", 4),
        ("KARYAWAN HONORER", 5), ("MEKANIK", 2), (NotWorking, 8),
    ];

    private static readonly (string Name, double Weight)[] Lower =
    [
        ("WIRASWASTA", 20), ("BURUH HARIAN LEPAS", 22), ("PETANI/PEKEBUN", 14), ("NELAYAN/PERIKANAN", 7),
        ("PEDAGANG", 10), ("KARYAWAN SWASTA", 12), ("SOPIR", 4), ("TUKANG BATU", 3), (NotWorking, 8),
    ];

    private static readonly double[] HigherWeights = Higher.Select(t => t.Weight).ToArray();
    private static readonly double[] MiddleWeights = Middle.Select(t => t.Weight).ToArray();
    private static readonly double[] LowerWeights = Lower.Select(t => t.Weight).ToArray();

    private static readonly string[] MenOnly =
        ["SOPIR", "TUKANG BATU", "MEKANIK", "TENTARA NASIONAL INDONESIA (TNI)", "NELAYAN/PERIKANAN"];

    // Weights by the Education enum, for three birth cohorts: schooling rose steadily over the 20th century.
    private static readonly double[] BornBefore1960 = [15, 20, 35, 12, 12, 1, 1.5, 3, 0.4, 0.05];
    private static readonly double[] Born1960To1984 = [4, 8, 25, 20, 30, 2, 3, 7, 0.8, 0.1];
    private static readonly double[] Born1985OrLater = [2, 4, 15, 20, 42, 3, 4, 9, 0.8, 0.05];

    public static Education EducationFor(Rng rng, int age, int birthYear)
    {
        switch (age)
        {
            case <= 6:
                return Education.TidakBelumSekolah;
            case <= 12:
                return Education.BelumTamatSd;
            case <= 15:
                return Education.TamatSd;
            case <= 17:
                return Education.Sltp;
            case 18:
                return rng.Chance(0.7) ? Education.Slta : Education.Sltp;
        }

        var weights = birthYear < 1960 ? BornBefore1960 : birthYear < 1985 ? Born1960To1984 : Born1985OrLater;
        var level = (Education)rng.Weighted(weights);

        // A degree takes time: nobody holds one younger than it can be earned.
        var highest = age switch
        {
            < 20 => Education.Diploma1Or2,
            < 21 => Education.Diploma3,
            < 23 => Education.Diploma4OrStrata1,
            < 27 => Education.Strata2,
            _ => Education.Strata3,
        };
        return level > highest ? highest : level;
    }

    public static string OccupationFor(
        Rng rng, int age, Sex sex, Education education, bool isWife, bool isGrownChild)
    {
        if (age < 5)
        {
            return NotWorking;
        }

        if (age <= 18 && (!isGrownChild || rng.Chance(0.85)))
        {
            return Student;
        }

        if (isGrownChild && age <= 24 && education >= Education.Slta && rng.Chance(0.5))
        {
            return Student;
        }

        if (age >= 58)
        {
            if (education >= Education.Slta && rng.Chance(0.4))
            {
                return Retired;
            }

            if (rng.Chance(0.5))
            {
                return sex == Sex.Female ? Housekeeping : NotWorking;
            }
        }

        if (isWife && rng.Chance(0.5))
        {
            return Housekeeping;
        }

        var (table, weights) = education >= Education.Diploma3
            ? (Higher, HigherWeights)
            : education >= Education.Slta ? (Middle, MiddleWeights) : (Lower, LowerWeights);
        for (var attempt = 0; ; attempt++)
        {
            var choice = table[rng.Weighted(weights)].Name;
            var unlikely = sex == Sex.Female ? MenOnly.Contains(choice) : choice == "BIDAN";
            if (!unlikely || attempt >= 3)
            {
                return unlikely ? NotWorking : choice;
            }
        }
    }
}
