using VerifyTrack.Web.Claims;

namespace VerifyTrack.Web.Reminders;

/// <summary>What a reminder (or an escalation) says, for its subject and its two bodies.</summary>
public sealed record ReminderMailModel(
    string Statement,
    ClaimState State,
    Priority Priority,
    string DeskName,
    string Overdue,
    int Level,
    bool Escalation,
    string ClaimUrl,
    string Why,
    string AccountUrl,
    string UnsubscribeUrl)
{
    public string ShortStatement => Statement.Length > 90 ? Statement[..90] + "…" : Statement;

    public string Subject => Escalation
        ? $"Escalation: overdue claim on {DeskName}: {ShortStatement}"
        : $"Overdue for review: {ShortStatement}";

    public string Lead => Escalation
        ? $"This claim is overdue by {Overdue} and {Level - 1} reminder(s) have gone unanswered."
        : $"This claim is overdue for review by {Overdue}.";

    public string StateName => Wire.Name(State);

    public string PriorityName => Wire.Name(Priority);
}
