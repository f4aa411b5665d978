using Microsoft.AspNetCore.Http.Extensions;
using VerifyTrack.Web.Claims;

namespace VerifyTrack.Web.Queue;

/// <summary>
/// The queue's filters exactly as they stand in the URL, so any view can be bookmarked and shared.
/// Parsing them into a <see cref="ClaimFilter"/> reports every value it does not understand.
/// </summary>
public sealed record QueueQuery(
    string? State = null,
    string? Desk = null,
    string? Priority = null,
    string? Assignee = null,
    string? Stale = null,
    string? Published = null,
    string? Q = null,
    string? After = null)
{
    public static readonly IReadOnlyList<string> AssigneeChoices = ["anyone", "me", "unassigned"];

    public (ClaimFilter Filter, QueueCursor? After, FieldErrors Errors) Parse()
    {
        var errors = new FieldErrors();
        ClaimState? state = null;
        if (!string.IsNullOrEmpty(State))
        {
            if (Wire.TryParse(State, out ClaimState parsed))
            {
                state = parsed;
            }
            else
            {
                errors.Add("state", $"There is no state '{State}': choose {string.Join(", ", Wire.States)}.");
            }
        }

        Priority? priority = null;
        if (!string.IsNullOrEmpty(Priority))
        {
            if (Wire.TryParse(Priority, out Priority parsed))
            {
                priority = parsed;
            }
            else
            {
                errors.Add("priority", $"There is no priority '{Priority}': choose {string.Join(", ", Wire.Priorities)}.");
            }
        }

        if (!string.IsNullOrEmpty(Assignee) && !AssigneeChoices.Contains(Assignee))
        {
            errors.Add("assignee", "Assignee must be anyone, me or unassigned.");
        }

        var stale = ParseFlag(Stale, "stale", errors);
        var published = ParseFlag(Published, "published", errors);
        TextRules.Optional(errors, "q", Q, TextRules.StatementMax);

        QueueCursor? after = null;
        if (!string.IsNullOrEmpty(After) && (after = QueueCursor.Decode(After)) is null)
        {
            errors.Add("after", "That page link is broken: start again from the first page.");
        }

        var filter = new ClaimFilter(state, NullIfEmpty(Desk), priority, NullIfEmpty(Assignee), stale == true ? true : null, NullIfEmpty(Q), published);
        return (filter, after, errors);
    }

    public string ToUrl()
    {
        var query = new QueryBuilder();
        Add("state", State);
        Add("desk", Desk);
        Add("priority", Priority);
        Add("assignee", Assignee);
        Add("stale", Stale);
        Add("published", Published);
        Add("q", Q);
        Add("after", After);
        return "/queue" + query.ToQueryString();

        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add(name, value);
            }
        }
    }

    public QueueQuery WithState(ClaimState? state) => this with { State = state is { } s ? Wire.Name(s) : null, After = null };

    public QueueQuery FirstPage() => this with { After = null };

    private static bool? ParseFlag(string? value, string field, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }

        errors.Add(field, $"{field} must be true or false.");
        return null;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
