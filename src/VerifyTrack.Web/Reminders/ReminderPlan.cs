namespace VerifyTrack.Web.Reminders;

public sealed record ReminderStep(int Level, bool Escalation);

/// <summary>
/// Which reminder a stale claim is owed, if any. Within one review window (one due time), level 1 goes out
/// when the claim falls due, each further level <see cref="ReminderOptions.RepeatEvery"/> after the one
/// before, and after <see cref="ReminderOptions.EscalateAfter"/> reminders the next level is the escalation
/// to the desk lead; then nothing more until a review opens a new window.
/// </summary>
public static class ReminderPlan
{
    public static ReminderStep? Next(DateTimeOffset dueAt, DateTimeOffset now, int sentLevels, DateTimeOffset? lastSentAt, ReminderOptions options) =>
        NextAt(dueAt, sentLevels, lastSentAt, options) is { } at && now >= at
            ? new ReminderStep(sentLevels + 1, Escalation: sentLevels + 1 == options.EscalateAfter + 1)
            : null;

    /// <summary>When the next level falls due, or null once the escalation has gone out.</summary>
    public static DateTimeOffset? NextAt(DateTimeOffset dueAt, int sentLevels, DateTimeOffset? lastSentAt, ReminderOptions options)
    {
        if (sentLevels > options.EscalateAfter)
        {
            return null;
        }

        var earliest = dueAt + (options.RepeatEvery * sentLevels);
        return lastSentAt is { } last && last + options.RepeatEvery > earliest ? last + options.RepeatEvery : earliest;
    }
}
