namespace VerifyTrack.Web.Claims;

public enum BulkAction
{
    Assign,
    Move,
    Priority,
    Review,
}

/// <summary>
/// One change to many claims, as it arrives from the queue's form or the API: loosely typed, so every mistake
/// becomes a field error. <paramref name="Versions"/> names, per claim id, the version the change is based on.
/// </summary>
public sealed record BulkInput(
    IReadOnlyList<long>? Ids,
    string? Action,
    string? Assignee = null,
    string? Desk = null,
    string? Priority = null,
    string? Note = null,
    IReadOnlyDictionary<long, long>? Versions = null);

/// <summary>A claim of a bulk change and the version it is based on; none: the claim as it is when the change begins.</summary>
public sealed record BulkTarget(long Id, long? Version);

/// <summary>
/// A bulk change whose shape is right. <paramref name="Assignee"/> is an e-mail, or null for nobody ("me" already
/// resolved); only the field the action needs is kept.
/// </summary>
public sealed record BulkRequest(BulkAction Action, IReadOnlyList<BulkTarget> Claims, string? Assignee, string? Desk, string? Priority, string? Note);

/// <summary>The shape of a bulk change, checked once before any claim is read; each claim's own command decides the rest.</summary>
public static class BulkRules
{
    public const int MaxClaims = 200;

    /// <summary>The assignee that means the person making the change.</summary>
    public const string Me = "me";

    public static IReadOnlyList<string> Actions { get; } = ["assign", "move", "priority", "review"];

    /// <param name="input">what was sent</param>
    /// <param name="actorEmail">who "me" is</param>
    /// <param name="versionsRequired">the queue's form always carries each row's version, so there a missing one is a mistake</param>
    public static (FieldErrors Errors, BulkRequest? Request) Check(BulkInput input, string actorEmail, bool versionsRequired)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        var index = input.Action is null ? -1 : Actions.ToList().IndexOf(input.Action.Trim());
        if (index < 0)
        {
            errors.Add("action", $"action must be one of: {string.Join(", ", Actions)}.");
        }

        var ids = input.Ids ?? [];
        if (ids.Count == 0)
        {
            errors.Add("ids", "Tick at least one claim (ids must name 1 to 200 claims).");
        }
        else if (ids.Count > MaxClaims)
        {
            errors.Add("ids", $"At most {MaxClaims} claims can be changed at once; {ids.Count} were sent.");
        }

        if (ids.Any(id => id <= 0))
        {
            errors.Add("ids", "Each id must be a claim id (a positive number).");
        }

        if (ids.Distinct().Count() != ids.Count)
        {
            errors.Add("ids", "Each claim may be named once: ids has repeats.");
        }

        var versions = input.Versions ?? new Dictionary<long, long>();
        var strays = versions.Keys.Where(id => !ids.Contains(id)).Order().ToList();
        if (strays.Count > 0)
        {
            errors.Add("versions", $"versions names claims that are not in ids: {string.Join(", ", strays)}.");
        }

        if (versions.Values.Any(v => v <= 0))
        {
            errors.Add("versions", "Each version must be a positive number.");
        }

        if (versionsRequired && ids.Any(id => !versions.ContainsKey(id)))
        {
            errors.Add("versions", "Each ticked claim needs the version you saw; reload the queue and try again.");
        }

        var action = (BulkAction)Math.Max(index, 0);
        string? assignee = null, desk = null, priority = null, note = null;
        if (index >= 0)
        {
            switch (action)
            {
                case BulkAction.Assign:
                    assignee = TextRules.Clean(input.Assignee);
                    if (string.Equals(assignee, Me, StringComparison.OrdinalIgnoreCase))
                    {
                        assignee = actorEmail;
                    }
                    else
                    {
                        TextRules.Optional(errors, "assignee", assignee, TextRules.NameMax);
                    }

                    break;
                case BulkAction.Move:
                    desk = TextRules.Clean(input.Desk);
                    if (desk is null)
                    {
                        errors.Add("desk", "desk is required to move claims (the desk's slug).");
                    }
                    else
                    {
                        TextRules.Optional(errors, "desk", desk, TextRules.SlugMax);
                    }

                    break;
                case BulkAction.Priority:
                    priority = TextRules.Clean(input.Priority);
                    ClaimCommands.ParsePriority(priority, errors);

                    break;
                case BulkAction.Review:
                    TextRules.Required(errors, "note", input.Note, TextRules.NoteMax);
                    note = input.Note;
                    break;
            }
        }

        if (!errors.IsEmpty)
        {
            return (errors, null);
        }

        var targets = ids.Select(id => new BulkTarget(id, versions.TryGetValue(id, out var v) ? v : null)).ToList();
        return (errors, new BulkRequest(action, targets, assignee, desk, priority, note));
    }
}
