namespace VerifyTrack.Web.Webhooks;

/// <summary>The events an endpoint can ask for, and the formats it can take them in.</summary>
public static class WebhookEvents
{
    public const string ClaimCreated = "claim.created";
    public const string StateChanged = "claim.state_changed";
    public const string Published = "claim.published";
    public const string Unpublished = "claim.unpublished";
    public const string Escalated = "claim.escalated";
    public const string Assigned = "claim.assigned";

    /// <summary>What "send test event" sends; never subscribed to, so it is not in <see cref="All"/>.</summary>
    public const string Test = "webhook.test";

    public static readonly IReadOnlyList<string> All = [ClaimCreated, StateChanged, Published, Unpublished, Escalated, Assigned];

    public const string Json = "json";
    public const string Slack = "slack";

    public static readonly IReadOnlyList<string> Formats = [Json, Slack];

    public static string Describe(string type) => type switch
    {
        ClaimCreated => "a claim is created",
        StateChanged => "a claim changes state",
        Published => "a claim is published on the status page",
        Unpublished => "a claim is taken off the status page",
        Escalated => "a stale claim is escalated to its desk lead",
        Assigned => "a claim is assigned",
        _ => type,
    };

    /// <summary>Whether an endpoint that asked for <paramref name="wanted"/> (on <paramref name="endpointDeskId"/>, or every desk) gets this event.</summary>
    public static bool Wants(IReadOnlyCollection<string> wanted, long? endpointDeskId, string type, long claimDeskId) =>
        wanted.Contains(type) && (endpointDeskId is null || endpointDeskId == claimDeskId);

    /// <summary>The stored form of an endpoint's events: known types only, in the order of <see cref="All"/>, space-separated.</summary>
    public static string Store(IEnumerable<string> events)
    {
        var set = events.ToHashSet(StringComparer.Ordinal);
        return string.Join(' ', All.Where(set.Contains));
    }

    public static IReadOnlyList<string> Read(string stored) => stored.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
