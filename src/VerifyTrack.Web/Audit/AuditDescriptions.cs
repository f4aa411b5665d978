using System.Globalization;
using System.Text.Json;

namespace VerifyTrack.Web.Audit;

public sealed record FieldChange(string Field, string Before, string After);

public sealed record AuditDescription(string Summary, IReadOnlyList<FieldChange> Changes, string? Note);

/// <summary>Turns a stored event into words for people: a summary, field-by-field changes, and its note.</summary>
public static class AuditDescriptions
{
    public static AuditDescription Describe(string kind, string detailsJson)
    {
        using var document = JsonDocument.Parse(detailsJson);
        var details = document.RootElement;
        string? Text(string name) =>
            details.ValueKind == JsonValueKind.Object && details.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
                ? value.ToString()
                : null;

        return kind switch
        {
            AuditKinds.ClaimCreated => new($"created the claim ({Text("priority")}, desk {Text("desk")})", [], null),
            AuditKinds.ClaimEdited => new("edited the claim", Changes(details), null),
            AuditKinds.StateChanged => new(
                $"moved it from {Text("from")} to {Text("to")}" + (Text("deniedBy") is { } by ? $", denied by {by}" : ""),
                Text("publicNote") is { } publicNote ? [new FieldChange("public note", "", publicNote)] : [],
                Text("note")),
            AuditKinds.Reviewed => new("reviewed it: still checking", [], Text("note")),
            AuditKinds.Assigned => new($"assigned it to {Text("after") ?? "nobody"}" + (Text("before") is { } before ? $" (was {before})" : ""), [], null),
            AuditKinds.AppearanceAdded => new($"added an appearance: {Text("outlet")}, “{Text("headline")}”", [], null),
            AuditKinds.AppearanceRemoved => new($"removed the appearance {Text("outlet")}, “{Text("headline")}”", [], null),
            AuditKinds.EvidenceAdded => new($"added evidence that {Text("stance")}: {Text("description")}", [], null),
            AuditKinds.EvidenceRemoved => new($"removed evidence ({Text("stance")}): {Text("description")}", [], null),
            AuditKinds.Published => new("published it on the status page", [], null),
            AuditKinds.Unpublished => new("took it off the status page", [], null),
            AuditKinds.Reminded => new($"reminder {Text("level")} sent: overdue by {Text("overdueBy")}", [], Recipients(details)),
            AuditKinds.Escalated => new($"escalated to the desk lead: overdue by {Text("overdueBy")}", [], Recipients(details)),
            AuditKinds.UserCreated => new($"created the user {Text("email")} ({Text("role")})", [], null),
            AuditKinds.UserUpdated => new($"changed the user {Text("email")}", Changes(details), null),
            AuditKinds.DeskCreated => new($"created the desk {Text("slug")}", [], null),
            AuditKinds.DeskUpdated => new($"changed the desk {Text("slug")}", Changes(details), null),
            AuditKinds.TokenCreated => new($"created the API token {Text("label")} ({Text("tokenPrefix")}…)", [], null),
            AuditKinds.TokenRevoked => new($"revoked API token {Text("tokenId")}", [], null),
            AuditKinds.JobPaused => new($"paused the job {Text("job")}", [], null),
            AuditKinds.JobResumed => new($"resumed the job {Text("job")}", [], null),
            AuditKinds.AliasCreated => new($"added the alias group {Text("name")}: {Text("terms")}", [], null),
            AuditKinds.AliasUpdated => new($"changed the alias group {Text("name")}", Changes(details), null),
            AuditKinds.AliasRemoved => new($"removed the alias group {Text("name")}: {Text("terms")}", [], null),
            AuditKinds.WebhookCreated => new($"registered the webhook {Text("id")} to {Text("url")} ({Text("format")}: {Text("events")})", [], null),
            AuditKinds.WebhookRemoved => new($"removed the webhook {Text("id")} to {Text("url")}", [], null),
            AuditKinds.WebhookDisabled => new($"disabled the webhook {Text("id")} to {Text("url")}", [], Text("reason")),
            AuditKinds.WebhookEnabled => new($"enabled the webhook {Text("id")} to {Text("url")}", [], null),
            AuditKinds.WebhookTested => new($"sent a test event to the webhook {Text("id")}", [], null),
            AuditKinds.WebhookRedelivered => new($"queued delivery {Text("deliveryId")} to the webhook {Text("id")} again", [], null),
            _ => new(kind.Replace('.', ' ').Replace('_', ' '), [], null),
        };
    }

    private static string Recipients(JsonElement details) =>
        details.TryGetProperty("recipients", out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0
            ? "to " + string.Join(", ", list.EnumerateArray().Select(r => r.GetString()))
            : "nobody to tell: every recipient has reminders turned off";

    private static IReadOnlyList<FieldChange> Changes(JsonElement details)
    {
        if (!details.TryGetProperty("changes", out var changes) || changes.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        return changes.EnumerateObject()
            .Select(c => new FieldChange(c.Name, Value(c.Value, "before"), Value(c.Value, "after")))
            .ToList();

        static string Value(JsonElement change, string side) =>
            change.TryGetProperty(side, out var value) && value.ValueKind != JsonValueKind.Null
                ? Convert.ToString(value.ToString(), CultureInfo.InvariantCulture)
                : "";
    }
}
