using Ektp.Regional.Planning;

namespace Ektp.Regional.Tests.Planning;

public sealed class ProjectionTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Fact]
    public void At_the_recent_weekly_rate_the_gap_closes_in_whole_weeks()
    {
        // 1,000 wajib KTP, 800 recorded: a gap of 200. 120 recorded in 4 weeks = 30 a week: 200 / 30 = 6.67 → 7 weeks.
        var p = Projection.Compute(1000, 800, 120, 4, Today, null, 0);

        Assert.Equal(80.00m, p.Percent);
        Assert.Equal(200, p.Gap);
        Assert.Equal(30m, p.WeeklyRate);
        Assert.Equal(7, p.WeeksTo100);
        Assert.Equal(new DateOnly(2027, 1, 11), p.ReachesOn);
        Assert.Null(p.NeededWeeklyRate);
    }

    [Fact]
    public void The_rate_needed_by_a_target_counts_the_residents_who_turn_17_before_it()
    {
        // Gap 200 plus 10 turning 17, in 70 days = 10 weeks: 21 a week.
        var p = Projection.Compute(1000, 800, 120, 4, Today, Today.AddDays(70), 10);

        Assert.Equal(10m, p.WeeksToTarget);
        Assert.Equal(21, p.NeededWeeklyRate);

        // 200 in 30 days (4.29 weeks): 46.67 → 47 a week.
        Assert.Equal(47, Projection.Compute(1000, 800, 120, 4, Today, Today.AddDays(30), 0).NeededWeeklyRate);
    }

    [Fact]
    public void No_recent_recording_never_reaches_100_and_a_closed_gap_is_reached_today()
    {
        var stalled = Projection.Compute(500, 400, 0, 4, Today, null, 0);
        var done = Projection.Compute(500, 500, 3, 4, Today, null, 0);

        Assert.Null(stalled.WeeksTo100);
        Assert.Null(stalled.ReachesOn);
        Assert.Equal(0, done.WeeksTo100);
        Assert.Equal(Today, done.ReachesOn);
        Assert.Equal(100m, done.Percent);
        Assert.Equal(0.75m, done.WeeklyRate);
    }
}
