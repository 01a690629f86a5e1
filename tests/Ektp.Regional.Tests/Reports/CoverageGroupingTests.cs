using System.Text.Json;
using Ektp.Core.Lifecycle;
using Ektp.Core.Population;
using Ektp.Core.Regions;
using Ektp.Core.Residents;
using Ektp.Regional.Reports;

namespace Ektp.Regional.Tests.Reports;

/// <summary>
/// The database counts residents by birth-date class instead of sending each one (<see cref="BirthDateClasses"/>).
/// These tests group a synthetic city the way the database does and check that every report and trend reads exactly
/// as from the residents one by one, at every level, on dates around birthdays that fall on 29 February.
/// </summary>
public sealed class CoverageGroupingTests
{
    private static readonly RegionalInfo Dumai = RegionalInfo.Resolve("1472", null, RegionCatalog.Official);

    public static TheoryData<string, string> Dates => new()
    {
        { "2013-12-19", "kecamatan" },
        { "2013-12-19", "rt" },
        { "2016-02-29", "kelurahan" },
        { "2015-02-28", "rt" },
        { "2015-03-01", "kecamatan" },
        { "2017-03-01", "kabkota" },
    };

    [Theory]
    [MemberData(nameof(Dates))]
    public void Grouped_facts_give_the_same_report_and_trend_as_single_residents(string day, string levelCode)
    {
        var asOf = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        const int weeks = 12;
        var since = CoverageService.TrendSince(asOf, weeks);
        var ends = CoverageService.WeekEnds(asOf, weeks);
        var single = Facts(asOf, since);
        var grouped = Group(single, new BirthDateClasses(ends), since);
        // Small RTs and every stage mixed in: the test city groups poorly, a real one (RTs of 150-300) far better.
        Assert.True(grouped.Count < single.Count * 2 / 3, $"{grouped.Count} groups for {single.Count} residents");

        var one = new CoverageData(single, new Dictionary<string, StatusChange[]>(), since);
        var many = new CoverageData(grouped, new Dictionary<string, StatusChange[]>(), since, ends.ToHashSet());
        Assert.True(CoverageLevels.TryParse(levelCode, out var level));
        foreach (var parent in new Region?[] { null, RegionCatalog.Official.Find("147201") })
        {
            if (parent is not null && level == CoverageLevel.KabKota)
            {
                continue;
            }

            Assert.Equal(Json(Report(one, level, parent, asOf)), Json(Report(many, level, parent, asOf)));
            Assert.Equal(Json(CoverageCalculator.Trend(one, parent, asOf, weeks)),
                Json(CoverageCalculator.Trend(many, parent, asOf, weeks)));
        }
    }

    [Fact]
    public void Grouped_facts_refuse_a_date_they_were_not_grouped_for()
    {
        var asOf = new DateOnly(2013, 12, 19);
        var since = CoverageData.EndOf(asOf);
        var data = new CoverageData([], new Dictionary<string, StatusChange[]>(), since, new HashSet<DateOnly> { asOf });

        Assert.Throws<InvalidOperationException>(() => Report(data, CoverageLevel.Kecamatan, null, asOf.AddDays(1)));
    }

    [Fact]
    public void No_status_moves_back_to_unregistered_which_lets_the_database_count_the_unregistered()
    {
        Assert.All(Enum.GetValues<RecordStatus>(),
            from => Assert.False(RecordLifecycle.CanMove(from, RecordStatus.Unregistered), $"{from} -> UNREGISTERED"));
    }

    [Fact]
    public void A_class_boundary_is_the_last_birth_date_the_rule_admits()
    {
        // Turning 17 on 1 March 2017: born 1 March 2000, or 29 February 2000? (2017 is common: that birthday is 1 March.)
        var last = BirthDateClasses.LastBirthDate(Core.Eligibility.WajibKtp.WajibKtpDate, new DateOnly(2017, 3, 1));
        Assert.Equal(new DateOnly(2000, 3, 1), last);
        var before = BirthDateClasses.LastBirthDate(Core.Eligibility.WajibKtp.WajibKtpDate, new DateOnly(2017, 2, 28));
        Assert.Equal(new DateOnly(2000, 2, 28), before);
    }

    // A small synthetic Dumai with every stage, some recent recordings and status changes, and a few records the report
    // cannot place (an unknown kelurahan code, no RT).
    private static List<ResidentFacts> Facts(DateOnly asOf, DateTime since)
    {
        var scenario = CityScenario.Small("1472", 20_000, asOf, seed: 17);
        var stages = new[]
        {
            RecordStatus.SentForEnrollment, RecordStatus.PrintReadyRecord, RecordStatus.Printed, RecordStatus.Delivered,
            RecordStatus.DuplicateRecord, RecordStatus.Delivered,
        };
        var facts = new List<ResidentFacts>();
        var i = 0;
        foreach (var family in SyntheticCity.Generate(scenario))
        {
            foreach (var m in family.Members)
            {
                i++;
                var r = m.Resident;
                var recordedAt = m.RecordedAt?.UtcDateTime;
                var status = recordedAt is null ? RecordStatus.Unregistered : stages[i % stages.Length];
                // Some of the unregistered came with a registry import after `since`.
                var statusSince = recordedAt is { } at && i % 7 == 0 ? at.AddDays(3)
                    : recordedAt ?? (i % 3 == 0 ? since.AddDays(30) : since.AddYears(-1));
                var kelurahan = i % 997 == 0 ? "1472999999" : r.KelurahanCode;
                var rt = i % 1009 == 0 ? 0 : r.Rt;
                facts.Add(ResidentFacts.Of(r.Nik.Value, kelurahan[..6], kelurahan, r.Rw, rt, r.BirthDate,
                    i % 11 == 0 ? MaritalStatus.Kawin : r.MaritalStatus, status, recordedAt, statusSince, since));
            }
        }

        return facts;
    }

    // What the database's GROUP BY returns (CoverageService.ReadFactsAsync), done in memory.
    private static List<ResidentFacts> Group(List<ResidentFacts> facts, BirthDateClasses classes, DateTime since)
    {
        var known = RegionCatalog.Official.Descendants(Dumai.KabKota.Code, RegionLevel.KelurahanDesa)
            .Select(k => k.Digits).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. facts.GroupBy(f =>
                {
                    var apart = f.Rt < 1 || f.Rw < 1 || f.RecordedAt >= since
                                || (f.StatusSince >= since && f.Status != RecordStatus.Unregistered)
                                || !known.Contains(f.KelurahanCode);
                    var married = f.MaritalStatus == MaritalStatus.BelumKawin ? MaritalStatus.BelumKawin : MaritalStatus.Kawin;
                    return (apart ? f.Nik : null, f.KelurahanCode, f.Rw, f.Rt, classes.ClassOf(f.BirthDate), married,
                        f.Status, f.RecordedBefore, RecordedAt: apart ? f.RecordedAt : null,
                        StatusSince: apart ? f.StatusSince : null);
                })
                .Select(g => new ResidentFacts(g.Key.Item1, g.Key.KelurahanCode[..6], g.Key.KelurahanCode, g.Key.Rw,
                    g.Key.Rt, classes.Representative(g.Key.Item5), g.Key.married, g.Key.Status, g.Key.RecordedBefore,
                    g.Key.RecordedAt, g.Key.StatusSince, g.Count())),
        ];
    }

    private static CoverageReport Report(CoverageData data, CoverageLevel level, Region? parent, DateOnly asOf)
    {
        var calculator = new CoverageCalculator(RegionCatalog.Official, Dumai, level, parent, asOf, data);
        calculator.AddAll();
        return calculator.Build(DateTime.UnixEpoch);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
