using System.Text;

namespace VerifyTrack.Web.Webhooks;

/// <summary>What a chat line says about one event: the claim as it is after the change, and what changed.</summary>
public sealed record ChatEvent(
    string Type,
    long ClaimId,
    string Statement,
    string State,
    string? PreviousState,
    string Priority,
    string Desk,
    string Actor,
    string? Assignee,
    string? OverdueBy,
    string ClaimUrl);

/// <summary>
/// The <c>slack</c> format: <c>{"text": "…"}</c>, the incoming-webhook message Slack, Mattermost and Rocket.Chat all
/// accept, as one line with what happened, the state, the statement, who did it and the claim's page.
/// </summary>
public static class ChatMessage
{
    public const int StatementMax = 280;

    public static string Text(ChatEvent e)
    {
        var what = e.Type switch
        {
            WebhookEvents.ClaimCreated => $"New {e.Priority} claim on {e.Desk} ({e.State})",
            WebhookEvents.StateChanged => $"Now {e.State} (was {e.PreviousState}) on {e.Desk}",
            WebhookEvents.Published => $"Published on the status page ({e.State}) on {e.Desk}",
            WebhookEvents.Unpublished => $"Taken off the status page ({e.State}) on {e.Desk}",
            WebhookEvents.Escalated => $"Escalated to the {e.Desk} desk lead, overdue by {e.OverdueBy} ({e.State})",
            WebhookEvents.Assigned => $"Assigned to {e.Assignee ?? "nobody"} ({e.State}) on {e.Desk}",
            _ => $"{e.Type} ({e.State}) on {e.Desk}",
        };
        var by = e.Type == WebhookEvents.Escalated ? "" : $" by {Escape(e.Actor)}";
        return $"{Escape(what)}: “{Statement(e.Statement)}”{by} · #{e.ClaimId} {e.ClaimUrl}";
    }

    public static string TestText(string appBaseUrl) =>
        $"Test event from VerifyTrack ({Escape(appBaseUrl)}): this channel is set up to receive claim alerts.";

    /// <summary>
    /// The statement is anyone's text: kept to one line and a tweet's length, with Slack's control characters escaped
    /// and every @ broken by an invisible space, so a statement cannot notify a whole channel (@channel, &lt;!here&gt;).
    /// </summary>
    private static string Statement(string statement)
    {
        var line = string.Join(' ', statement.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (line.Length > StatementMax)
        {
            line = line[..(StatementMax - 1)].TrimEnd() + "…";
        }

        return Escape(line).Replace("@", "@\u200B", StringComparison.Ordinal);
    }

    /// <summary>The three characters Slack's message format reserves (its own documented escaping).</summary>
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
