using VerifyTrack.Web.Reminders;

namespace VerifyTrack.Tests.Reminders;

public sealed class ReminderPlanTests
{
    private static readonly DateTimeOffset Due = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly ReminderOptions Options = new() { RepeatEvery = TimeSpan.FromHours(1), EscalateAfter = 2 };

    [Theory]
    [InlineData(-1, 0, null, null, false)]
    [InlineData(0, 0, null, 1, false)]
    [InlineData(30, 1, 0, null, false)]
    [InlineData(60, 1, 0, 2, false)]
    [InlineData(120, 2, 60, 3, true)]
    [InlineData(119, 2, 60, null, false)]
    [InlineData(600, 3, 120, null, false)]
    public void Next_FollowsTheLevelsOfOneWindow(int minutesAfterDue, int sentLevels, int? lastSentMinutesAfterDue, int? expectedLevel, bool escalation)
    {
        var last = lastSentMinutesAfterDue is { } m ? Due.AddMinutes(m) : (DateTimeOffset?)null;

        var step = ReminderPlan.Next(Due, Due.AddMinutes(minutesAfterDue), sentLevels, last, Options);

        Assert.Equal(expectedLevel, step?.Level);
        Assert.Equal(escalation, step?.Escalation ?? false);
    }

    [Fact]
    public void Next_AfterAnOutage_SpacesRemindersFromTheLastOneSent()
    {
        // Down for five hours: the first reminder goes out late, and the second waits a full interval after it.
        var first = ReminderPlan.Next(Due, Due.AddHours(5), 0, null, Options);
        var tooSoon = ReminderPlan.Next(Due, Due.AddHours(5).AddMinutes(5), 1, Due.AddHours(5), Options);
        var second = ReminderPlan.Next(Due, Due.AddHours(6), 1, Due.AddHours(5), Options);

        Assert.Equal(1, first?.Level);
        Assert.Null(tooSoon);
        Assert.Equal(2, second?.Level);
    }

    [Fact]
    public void Next_WithNoRemindersBeforeEscalation_EscalatesFirst()
    {
        var step = ReminderPlan.Next(Due, Due, 0, null, new ReminderOptions { EscalateAfter = 0 });

        Assert.Equal(new ReminderStep(1, Escalation: true), step);
    }
}
