using Ektp.Core.Identity;
using Ektp.Core.Population;
using Ektp.Core.Regions;
using FsCheck;
using FsCheck.Fluent;

namespace Ektp.Core.Tests;

/// <summary>The parts of a NIK drawn from the official region list and real dates.</summary>
public sealed record NikParts(Region Kecamatan, DateOnly BirthDate, Sex Sex, int Serial);

/// <summary>A date used as "today" together with a birth date not after it.</summary>
public sealed record BirthAndToday(DateOnly BirthDate, DateOnly Today);

/// <summary>A region of the official list, any level.</summary>
public sealed record AnyRegion(Region Region);

public static class Generators
{
    private static readonly Region[] Kecamatans =
        RegionCatalog.Official.All.Where(r => r.Level == RegionLevel.Kecamatan).ToArray();

    private static readonly Region[] AllRegions = RegionCatalog.Official.All.ToArray();

    public static Gen<DateOnly> DateBetween(DateOnly first, DateOnly last) =>
        Gen.Choose(first.DayNumber, last.DayNumber).Select(DateOnly.FromDayNumber);

    public static Arbitrary<NikParts> NikParts() =>
        (from kecamatan in Gen.Elements(Kecamatans)
         from birth in DateBetween(new DateOnly(1900, 1, 1), new DateOnly(2026, 11, 23))
         from sex in Gen.Elements(Sex.Male, Sex.Female)
         from serial in Gen.Choose(1, 9999)
         select new NikParts(kecamatan, birth, sex, serial)).ToArbitrary();

    public static Arbitrary<BirthAndToday> BirthAndToday() =>
        (from today in DateBetween(new DateOnly(2000, 1, 1), new DateOnly(2099, 12, 31))
         from daysBack in Gen.Choose(0, 99 * 365)
         select new BirthAndToday(today.AddDays(-daysBack), today)).ToArbitrary();

    public static Arbitrary<AnyRegion> AnyRegion() =>
        Gen.Elements(AllRegions).Select(r => new AnyRegion(r)).ToArbitrary();
}

/// <summary>A small scenario for a random kab/kota of the official list.</summary>
public sealed record SmallCity(CityScenario Scenario);

public static class SmallCities
{
    private static readonly Region[] KabKota =
        RegionCatalog.Official.All.Where(r => r.Level == RegionLevel.KabupatenKota).ToArray();

    public static Arbitrary<SmallCity> SmallCity() =>
        (from kabKota in Gen.Elements(KabKota)
         from population in Gen.Choose(1, 600)
         from asOf in Generators.DateBetween(new DateOnly(2012, 1, 1), new DateOnly(2026, 11, 23))
         from seed in Gen.Choose(int.MinValue, int.MaxValue)
         select new SmallCity(CityScenario.Small(kabKota.Digits, population, asOf, seed))).ToArbitrary();
}
