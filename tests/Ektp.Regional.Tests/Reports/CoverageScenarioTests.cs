using Ektp.Core.Lifecycle;
using Ektp.Core.Population;
using Ektp.Core.Regions;
using Ektp.Regional.Reports;

namespace Ektp.Regional.Tests.Reports;

/// <summary>
/// The two seeded cities read as their sources report. The report's counting is pure, so the figures are checked on
/// the generator's residents directly (seconds) rather than after seeding a database (a minute each); the database
/// path is checked on a small city in <see cref="CoverageReportTests"/>.
/// </summary>
public sealed class CoverageScenarioTests
{
    [Fact]
    public void Dumai_2013_reads_188927_wajib_KTP_155469_recorded_82_29_percent()
    {
        var report = Report(CityScenario.Dumai2013, CoverageLevel.Kecamatan);

        Assert.Equal(188_927, report.Total.WajibKtp);
        Assert.Equal(155_469, report.Total.Recorded);
        Assert.Equal(82.29m, report.Total.Percent);
        Assert.Equal(270_000, report.Total.Population);
        AssertUnitsAddUp(report);
    }

    [Fact]
    public void Singkawang_2017_reads_262210_residents_187433_wajib_KTP_137533_recorded_73_38_percent()
    {
        var report = Report(CityScenario.Singkawang2017, CoverageLevel.Kelurahan);

        Assert.Equal(262_210, report.Total.Population);
        Assert.Equal(187_433, report.Total.WajibKtp);
        Assert.Equal(137_533, report.Total.Recorded);
        Assert.Equal(73.38m, report.Total.Percent);
        AssertUnitsAddUp(report);
    }

    private static void AssertUnitsAddUp(CoverageReport report)
    {
        Assert.Empty(report.Unplaced);
        Assert.True(report.Units.Count > 1);
        Assert.Equal(report.Total.Population, report.Units.Sum(u => u.Population));
        Assert.Equal(report.Total.WajibKtp, report.Units.Sum(u => u.WajibKtp));
        Assert.Equal(report.Total.Recorded, report.Units.Sum(u => u.Recorded));
        Assert.Equal(report.Total.Printed, report.Units.Sum(u => u.Printed));
        Assert.All(report.Units, u => Assert.InRange(u.Percent, 0m, 100m));
    }

    private static CoverageReport Report(CityScenario scenario, CoverageLevel level)
    {
        var facts = new List<ResidentFacts>(scenario.Population);
        var asOf = scenario.AsOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var cut = CoverageData.EndOf(scenario.AsOf);
        foreach (var family in SyntheticCity.Generate(scenario))
        {
            foreach (var m in family.Members)
            {
                var r = m.Resident;
                var recordedAt = m.RecordedAt?.UtcDateTime;
                facts.Add(ResidentFacts.Of(r.Nik.Value, r.KecamatanCode, r.KelurahanCode, r.Rw, r.Rt, r.BirthDate,
                    r.MaritalStatus, recordedAt is null ? RecordStatus.Unregistered : RecordStatus.Delivered, recordedAt,
                    recordedAt ?? asOf, cut));
            }
        }

        var region = RegionalInfo.Resolve(scenario.KabKotaCode, null, RegionCatalog.Official);
        var calculator = new CoverageCalculator(RegionCatalog.Official, region, level, null, scenario.AsOf,
            new CoverageData(facts, new Dictionary<string, StatusChange[]>(), cut));
        calculator.AddAll();
        return calculator.Build(DateTime.UtcNow);
    }
}
