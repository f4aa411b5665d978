using VerifyTrack.Web.Dashboard;
using VerifyTrack.Web.Desks;

namespace VerifyTrack.Tests.Dashboard;

public sealed class DeskStatsTests
{
    [Theory]
    [InlineData(new double[] { }, null, null)]
    [InlineData(new[] { 5.0 }, 5.0, 5.0)]
    [InlineData(new[] { 4.0, 1.0 }, 2.5, 4.0)]
    [InlineData(new[] { 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0 }, 5.5, 9.0)]
    [InlineData(new[] { 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0 }, 6.0, 10.0)]
    public void MedianAndNearestRankP90(double[] values, double? median, double? p90)
    {
        Assert.Equal(median, DeskStats.Median(values));
        Assert.Equal(p90, DeskStats.Percentile(values, 0.9));
    }

    [Theory]
    [InlineData("2026-11-02", "2026-11-02")]
    [InlineData("2026-11-08", "2026-11-02")]
    [InlineData("2026-11-09", "2026-11-09")]
    public void WeeksStartOnMonday(string day, string monday)
    {
        Assert.Equal(DateOnly.Parse(monday, System.Globalization.CultureInfo.InvariantCulture), DeskStats.WeekStart(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void ADayStartsAtLocalMidnight_OrTheFirstValidTimeAcrossADstGap()
    {
        var kathmandu = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kathmandu");
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 18, 15, 0, TimeSpan.Zero), DeskStats.StartOf(new DateOnly(2026, 11, 2), kathmandu));
        // Chile moves its clocks forward at midnight: 6 September 2026 has no 00:00, it starts at 01:00 (-03:00).
        Assert.Equal(new DateTimeOffset(2026, 9, 6, 4, 0, 0, TimeSpan.Zero), DeskStats.StartOf(new DateOnly(2026, 9, 6), santiago));
    }

    [Theory]
    [InlineData("2026-11-01T18:14:59Z", "2026-11-01T18:00")]
    [InlineData("2026-11-01T18:15:00Z", "2026-11-01T18:15")]
    [InlineData("2026-11-01T23:59:59Z", "2026-11-01T23:45")]
    public void QuarterHours_AsTheDatabaseKeysThem(string at, string quarter)
    {
        Assert.Equal(quarter, DeskStats.Quarter(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void StatesByDay_AreTodaysCountsLessTheMovesAfterEachDaysEnd()
    {
        var query = new StatsQuery([new DeskRow { Id = 1, Slug = "world", TimeZone = "UTC" }], new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 3), TimeZoneInfo.Utc, DateTimeOffset.UnixEpoch);
        var current = new Dictionary<string, long> { ["unverified"] = 1, ["denied"] = 2, ["confirmed"] = 0 };
        (string, string, long)[] moves =
        [
            ("2026-11-02T10:00", "unverified", 2), // two logged on the 2nd
            ("2026-11-03T00:00", "unverified", -1), // one denied just after midnight on the 3rd
            ("2026-11-03T00:00", "denied", 1),
        ];

        var days = DeskStats.StatesByDay(query, current, moves);

        Assert.Equal(
            [new DayStates(new DateOnly(2026, 11, 1), 0, 1, 0), new DayStates(new DateOnly(2026, 11, 2), 2, 1, 0), new DayStates(new DateOnly(2026, 11, 3), 1, 2, 0)],
            days);
    }

    [Fact]
    public void StaleDays_EachDaysLastCount_InTheQuerysZone_NoneWithoutACount()
    {
        var kathmandu = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kathmandu");
        DeskRow[] desks = [new() { Id = 1, Slug = "world", TimeZone = "Asia/Kathmandu" }, new() { Id = 2, Slug = "quiet", TimeZone = "Asia/Kathmandu" }];
        var query = new StatsQuery(desks, new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 4), kathmandu, DateTimeOffset.UnixEpoch);
        (string, string, long)[] counts =
        [
            ("world", "2026-11-02T10:00", 5),
            ("world", "2026-11-02T18:00", 3), // 23:45 on the 2nd in Kathmandu: the 2nd's last
            ("world", "2026-11-02T18:15", 9), // 00:00 on the 3rd there, though still the 2nd in UTC
        ];

        var stale = DeskStats.StaleDays(query, counts);

        Assert.Equal(["world", "quiet"], stale.Select(d => d.Desk));
        Assert.Equal([3L, 9L, null], stale[0].Overdue);
        Assert.Equal(12, stale[0].StaleDays);
        Assert.Equal([null, null, null], stale[1].Overdue);
        Assert.Equal(0, stale[1].StaleDays);
    }

    [Fact]
    public void OverdueBuckets_DueRanges_MeetWithoutGapOrOverlap()
    {
        var now = new DateTimeOffset(2026, 11, 7, 12, 0, 0, TimeSpan.Zero);

        var ranges = Enumerable.Range(0, DeskStats.OverdueBuckets.Count).Select(i => DeskStats.DueRange(i, now)).ToList();

        Assert.Equal(now, ranges[0].Before);
        Assert.Equal(now.AddHours(-1), ranges[0].From);
        Assert.All(ranges.Zip(ranges.Skip(1)), pair => Assert.Equal(pair.First.From, pair.Second.Before));
        Assert.Null(ranges[^1].From);
        Assert.Equal(now.AddDays(-7), ranges[^1].Before);
    }
}
