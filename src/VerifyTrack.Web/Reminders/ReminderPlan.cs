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
    public static ReminderStep? Next(DateTimeOffset dueAt, DateTimeOffset now, int sentLevels, DateTimeOffset? lastSentAt, ReminderOptions options)
    {
        if (now < dueAt || sentLevels > options.EscalateAfter)
        {
            return null;
        }

        var level = sentLevels + 1;
        var earliest = dueAt + (options.RepeatEvery * sentLevels);
        if (lastSentAt is { } last && last + options.RepeatEvery > earliest)
        {
            earliest = last + options.RepeatEvery;
        }

        return now < earliest ? null : new ReminderStep(level, Escalation: level == options.EscalateAfter + 1);
    }
}
