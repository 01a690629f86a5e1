using Ektp.Core.Eligibility;
using Ektp.Core.Identity;
using Ektp.Core.Population;
using Ektp.Core.Regions;
using Ektp.Core.Residents;
using FsCheck.Xunit;

namespace Ektp.Core.Tests.Population;

public class SyntheticCityTests
{
    private static readonly RegionCatalog Regions = RegionCatalog.Official;

    [Fact]
    public void Dumai_2013_comes_out_with_the_exact_counts_and_every_rule_holds()
    {
        var summary = Check(CityScenario.Dumai2013);

        Assert.Equal(270_000, summary.Population);
        Assert.Equal(188_927, summary.WajibKtp);
        Assert.Equal(155_469, summary.Recorded);
        Assert.All(summary.Kecamatan, k => Assert.StartsWith("1472", k, StringComparison.Ordinal));
        Assert.Equal(7, summary.Kecamatan.Count);
        Assert.Equal(36, summary.Kelurahan.Count);
    }

    [Fact]
    public void Singkawang_2017_comes_out_with_the_exact_counts_and_every_rule_holds()
    {
        var summary = Check(CityScenario.Singkawang2017);

        Assert.Equal(262_210, summary.Population);
        Assert.Equal(187_433, summary.WajibKtp);
        Assert.Equal(137_533, summary.Recorded);
        Assert.Equal(26, summary.Kelurahan.Count);
        Assert.True(summary.Religions[Religion.Buddha] > summary.Population / 5);
        Assert.True(summary.Religions[Religion.Konghucu] > summary.Population / 50);
        Assert.True(summary.Religions[Religion.Islam] > summary.Religions[Religion.Buddha]);
    }

    [Fact]
    public void A_resident_born_on_29_February_is_not_recorded_on_28_February_of_the_year_they_turn_15()
    {
        // The case FsCheck found (CI, twelfth session): the generator took the 15th birthday as BirthDate.AddYears(15),
        // 28 February, while the legal age turns on 1 March of a common year.
        var summary = Check(new CityScenario("small-1277", "1277", new DateOnly(2015, 3, 2), 567, 397, 318, -1427142118));

        Assert.Equal((567, 397, 318), (summary.Population, summary.WajibKtp, summary.Recorded));
    }

    [Fact]
    public void Same_seed_gives_the_same_city()
    {
        var scenario = CityScenario.Small("1472", 3000, new DateOnly(2013, 12, 19), 42);

        var first = SyntheticCity.Generate(scenario).ToList();
        var second = SyntheticCity.Generate(scenario).ToList();

        Assert.Equal(Flatten(first), Flatten(second));
        Assert.Equal(first.Select(f => f.Family), second.Select(f => f.Family));
    }

    [Fact]
    public void Enumerating_the_same_sequence_twice_gives_the_same_city()
    {
        var families = SyntheticCity.Generate(CityScenario.Small("6172", 500, new DateOnly(2017, 10, 13), 1));

        Assert.Equal(Flatten(families.ToList()), Flatten(families.ToList()));
    }

    [Fact]
    public void Another_seed_gives_another_city()
    {
        var a = SyntheticCity.Generate(CityScenario.Small("1472", 200, new DateOnly(2013, 12, 19), 1)).ToList();
        var b = SyntheticCity.Generate(CityScenario.Small("1472", 200, new DateOnly(2013, 12, 19), 2)).ToList();

        Assert.NotEqual(Flatten(a), Flatten(b));
    }

    [Fact]
    public void Dumai_starts_the_same_every_time()
    {
        var first = SyntheticCity.Generate(CityScenario.Dumai2013).Take(500).ToList();
        var second = SyntheticCity.Generate(CityScenario.Dumai2013).Take(500).ToList();

        Assert.Equal(Flatten(first), Flatten(second));
    }

    [Fact]
    public void Recording_locations_are_mostly_office_and_kecamatan_with_every_outreach_kind_present()
    {
        var counts = SyntheticCity.Generate(CityScenario.Dumai2013)
            .SelectMany(f => f.Members)
            .Where(m => m.RecordedWhere is not null)
            .GroupBy(m => m.RecordedWhere!.Value)
            .ToDictionary(g => g.Key, g => g.Count());

        var total = counts.Values.Sum();
        Assert.True(counts[RecordingLocation.Office] + counts[RecordingLocation.Kecamatan] > total * 0.7);
        Assert.All(Enum.GetValues<RecordingLocation>(), l => Assert.True(counts.GetValueOrDefault(l) > 0, l.ToString()));
        Assert.True(counts[RecordingLocation.School] > counts[RecordingLocation.Prison]);
    }

    [Fact]
    public void Impossible_scenarios_are_refused()
    {
        var asOf = new DateOnly(2013, 1, 1);
        CityScenario[] impossible =
        [
            new("recorded over wajib", "1472", asOf, 10, 5, 6, 1),
            new("wajib over population", "1472", asOf, 10, 11, 0, 1),
            new("children without adults", "1472", asOf, 10, 1, 0, 1),
            new("kecamatan code", "147201", asOf, 10, 8, 0, 1),
            new("unknown kab/kota", "9999", asOf, 10, 8, 0, 1),
        ];

        Assert.All(impossible, s => Assert.Throws<ArgumentException>(() => SyntheticCity.Generate(s)));
    }

    [Fact]
    public void Empty_city_has_no_family()
    {
        Assert.Empty(SyntheticCity.Generate(CityScenario.Small("1472", 0, new DateOnly(2013, 1, 1), 1)));
    }

    [Property(Arbitrary = [typeof(SmallCities)], MaxTest = 20)]
    public bool Any_kab_kota_comes_out_with_the_exact_counts(SmallCity city)
    {
        var summary = Check(city.Scenario);
        return summary.Population == city.Scenario.Population
            && summary.WajibKtp == city.Scenario.WajibKtp
            && summary.Recorded == city.Scenario.Recorded;
    }

    private static List<(Resident, DateTimeOffset?, RecordingLocation?)> Flatten(List<SyntheticFamily> families) =>
        families.SelectMany(f => f.Members).Select(m => (m.Resident, m.RecordedAt, m.RecordedWhere)).ToList();

    private sealed record Summary(
        int Population,
        int WajibKtp,
        int Recorded,
        HashSet<string> Kecamatan,
        HashSet<string> Kelurahan,
        Dictionary<Religion, int> Religions);

    // One pass over a city checking every rule the generator promises; returns the counts.
    private static Summary Check(CityScenario scenario)
    {
        var asOf = scenario.AsOf;
        var niks = new HashSet<Nik>();
        var kks = new HashSet<KkNumber>();
        var kecamatan = new HashSet<string>(StringComparer.Ordinal);
        var kelurahan = new HashSet<string>(StringComparer.Ordinal);
        var religions = Enum.GetValues<Religion>().ToDictionary(r => r, _ => 0);
        var ownKecamatanNiks = 0;
        var (population, wajib, recorded) = (0, 0, 0);
        var words = new int[4];
        var province = scenario.KabKotaCode[..2];
        foreach (var family in SyntheticCity.Generate(scenario))
        {
            Assert.True(family.Family.Validate(family.Members.Select(m => m.Resident)).IsValid);
            Assert.True(kks.Add(family.Family.Number), $"KK {family.Family.Number} issued twice");
            var kk = KkRules.Analyze(family.Family.Number.Value, asOf, Regions);
            Assert.True(kk.IsValid && kk.Warnings.Count == 0, string.Join(" ", kk.Errors));
            Assert.True(kk.IssuedOn <= asOf);
            Assert.Equal(family.Family.KelurahanCode[..6], family.Family.Number.KecamatanDigits);

            var head = family.Members[0].Resident;
            Assert.Equal(family.Family.HeadNik, head.Nik);
            Assert.True(WajibKtp.AgeOn(head.BirthDate, asOf) >= 17);
            var wife = family.Members.Skip(1).Select(m => m.Resident)
                .FirstOrDefault(r => r.MaritalStatus == MaritalStatus.Kawin && head.MaritalStatus == MaritalStatus.Kawin
                    && r.Sex == Sex.Female && head.Sex == Sex.Male && r.Kk == head.Kk
                    && Math.Abs(WajibKtp.AgeOn(r.BirthDate, asOf) - WajibKtp.AgeOn(head.BirthDate, asOf)) < 12);
            if (head.MaritalStatus == MaritalStatus.Kawin)
            {
                Assert.NotNull(wife);
            }

            var childrenMother = wife ?? (head.Sex == Sex.Female ? head : null);
            var parentBirth = (wife ?? head).BirthDate;
            var siblingsMother = (string?)null;
            foreach (var member in family.Members)
            {
                var r = member.Resident;
                population++;
                Assert.True(niks.Add(r.Nik), $"NIK {r.Nik} issued twice");
                var nik = NikRules.Analyze(r.Nik.Value, asOf, Regions);
                Assert.True(nik.IsValid, string.Join(" ", nik.Errors));
                Assert.Empty(nik.Warnings);
                Assert.Null(NikRules.CheckAgainst(r.Nik, r.BirthDate, r.Sex));
                Assert.StartsWith(province, r.Nik.KecamatanDigits, StringComparison.Ordinal);
                if (r.Nik.KecamatanDigits == r.KecamatanCode)
                {
                    ownKecamatanNiks++;
                }

                Assert.Equal((family.Family.KelurahanCode, family.Family.Rt, family.Family.Rw, family.Family.Address),
                    (r.KelurahanCode, r.Rt, r.Rw, r.Address));
                Assert.StartsWith(scenario.KabKotaCode, r.KelurahanCode, StringComparison.Ordinal);
                Assert.Equal(RegionLevel.KelurahanDesa, Regions.Find(r.KelurahanCode)?.Level);
                Assert.InRange(r.Rt, 1, 20);
                Assert.InRange(r.Rw, 1, 10);
                kecamatan.Add(r.KecamatanCode);
                kelurahan.Add(r.KelurahanCode);
                religions[r.Religion]++;
                words[Math.Min(3, r.Name.Split(' ').Length)]++;
                Assert.Equal(r.Name.ToUpperInvariant(), r.Name);
                Assert.NotEmpty(r.MotherName);
                Assert.NotEmpty(r.BirthPlace);
                Assert.True(r.BirthDate <= asOf);

                var age = WajibKtp.AgeOn(r.BirthDate, asOf);
                Assert.InRange(age, 0, 100);
                if (r.MaritalStatus != MaritalStatus.BelumKawin)
                {
                    Assert.True(age >= 17, "married under 17");
                }

                AssertEducationFitsAge(r.Education, age);
                if (age < 5)
                {
                    Assert.Equal("BELUM/TIDAK BEKERJA", r.Occupation);
                }

                var isWajib = WajibKtp.IsWajibKtp(r.BirthDate, r.MaritalStatus, asOf);
                wajib += isWajib ? 1 : 0;
                if (member.RecordedAt is { } at)
                {
                    Assert.NotNull(member.RecordedWhere);
                    var day = DateOnly.FromDateTime(at.DateTime);
                    Assert.True(day <= asOf, "recorded after AsOf");
                    Assert.True(WajibKtp.AgeOn(r.BirthDate, day) >= 15, "recorded before 15");
                    Assert.InRange(at.Hour, 8, 15);
                    recorded += isWajib ? 1 : 0;
                    if (!isWajib)
                    {
                        Assert.Equal(RecordingLocation.School, member.RecordedWhere);
                    }
                }
                else
                {
                    Assert.Null(member.RecordedWhere);
                }

                // Children of the head live on the card after the head and the spouse.
                if (!ReferenceEquals(r, head) && !ReferenceEquals(r, wife) && r.BirthDate > parentBirth)
                {
                    Assert.True(WajibKtp.AgeOn(parentBirth, r.BirthDate) >= 17, "parent younger than 17 at the birth");
                    if (childrenMother is not null)
                    {
                        Assert.Equal(childrenMother.Name, r.MotherName);
                    }
                    else
                    {
                        siblingsMother ??= r.MotherName;
                        Assert.Equal(siblingsMother, r.MotherName);
                    }
                }
            }
        }

        if (population >= 1000)
        {
            Assert.True(ownKecamatanNiks > population * 0.7, "most NIKs carry the resident's kecamatan");
            Assert.All(words.Skip(1), count => Assert.True(count > population / 20));
        }

        return new Summary(population, wajib, recorded, kecamatan, kelurahan, religions);
    }

    private static void AssertEducationFitsAge(Education education, int age)
    {
        var youngest = education switch
        {
            Education.TidakBelumSekolah => 0,
            Education.BelumTamatSd => 7,
            Education.TamatSd => 13,
            Education.Sltp => 16,
            Education.Slta => 18,
            Education.Diploma1Or2 => 19,
            Education.Diploma3 => 20,
            Education.Diploma4OrStrata1 => 21,
            Education.Strata2 => 23,
            _ => 27,
        };
        Assert.True(age >= youngest, $"{education} at {age}");
    }
}
