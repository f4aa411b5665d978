using Microsoft.AspNetCore.Http.Extensions;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Infrastructure.Web;

namespace VerifyTrack.Web.Queue;

/// <summary>
/// The queue's filters exactly as they stand in the URL, so any view can be bookmarked and shared.
/// Parsing them into a <see cref="ClaimFilter"/> reports every value it does not understand.
/// </summary>
public sealed record QueueQuery(
    string? State = null,
    string[]? Desk = null,
    string? Priority = null,
    string? Assignee = null,
    string? Stale = null,
    string? Published = null,
    string? Q = null,
    string? After = null,
    string? Select = null,
    string? CreatedFrom = null,
    string? CreatedBefore = null,
    string? VerdictFrom = null,
    string? VerdictBefore = null,
    string? DueFrom = null,
    string? DueBefore = null,
    string? AlertedFrom = null,
    string? AlertedBefore = null,
    string? PublishedFrom = null,
    string? PublishedBefore = null,
    string? StateAt = null)
{
    public static readonly IReadOnlyList<string> AssigneeChoices = ["anyone", "me", "unassigned"];

    /// <summary>The most desks one view may name (the dashboard's links name the desks shown).</summary>
    public const int MaxDesks = 50;

    /// <summary>The desks asked for, each once, blanks left out.</summary>
    public IReadOnlyList<string> Desks => (Desk ?? []).OfType<string>().Select(d => d.Trim()).Where(d => d.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>"Tick all on this page": the page comes back with every row it offers for bulk changes ticked.</summary>
    public bool SelectsAll => string.Equals(Select?.Trim(), "all", StringComparison.Ordinal);

    public (ClaimFilter Filter, QueueCursor? After, FieldErrors Errors) Parse()
    {
        var errors = new FieldErrors();
        var state = QueryValues.State(State, errors);
        var desks = Desks.Count > MaxDesks
            ? []
            : Desks.Select(d => QueryValues.Text(d, "desk", TextRules.SlugMax, errors)).OfType<string>().ToList();
        if (Desks.Count > MaxDesks)
        {
            errors.Add("desk", $"A view can name at most {MaxDesks} desks.");
        }

        var priority = QueryValues.Priority(Priority, errors);
        var assignee = QueryValues.OneOf(Assignee, "assignee", "assignee", AssigneeChoices, errors);
        var stale = QueryValues.Flag(Stale, "stale", errors);
        var published = QueryValues.Flag(Published, "published", errors);
        var text = QueryValues.Text(Q, "q", TextRules.StatementMax, errors);
        var after = QueryValues.PageLink(After, "after", QueueCursor.Decode, errors);
        QueryValues.OneOf(Select, "select", "select", ["all"], errors);
        var created = Range(QueryValues.Time(CreatedFrom, "createdFrom", errors), QueryValues.Time(CreatedBefore, "createdBefore", errors));
        var verdict = Range(QueryValues.Time(VerdictFrom, "verdictFrom", errors), QueryValues.Time(VerdictBefore, "verdictBefore", errors));
        var due = Range(QueryValues.Time(DueFrom, "dueFrom", errors), QueryValues.Time(DueBefore, "dueBefore", errors));
        var alerted = Range(QueryValues.Time(AlertedFrom, "alertedFrom", errors), QueryValues.Time(AlertedBefore, "alertedBefore", errors));
        var stateAt = QueryValues.Time(StateAt, "stateAt", errors);
        var publishedIn = Range(QueryValues.Time(PublishedFrom, "publishedFrom", errors), QueryValues.Time(PublishedBefore, "publishedBefore", errors));

        // "Stale only" is a checkbox: unticked means every claim, not only the fresh ones.
        var filter = new ClaimFilter(state, desks.Count == 1 ? desks[0] : null, priority, assignee, stale == true ? true : null, text, published, created, verdict, due, alerted, publishedIn)
        {
            Desks = desks.Count > 1 ? desks : null,
            StateAt = stateAt,
        };
        return (filter, after, errors);
    }

    public string ToUrl()
    {
        var query = new QueryBuilder();
        Add("state", State);
        foreach (var desk in Desk ?? [])
        {
            Add("desk", desk);
        }

        Add("priority", Priority);
        Add("assignee", Assignee);
        Add("stale", Stale);
        Add("published", Published);
        Add("q", Q);
        Add("after", After);
        Add("select", Select);
        Add("createdFrom", CreatedFrom);
        Add("createdBefore", CreatedBefore);
        Add("verdictFrom", VerdictFrom);
        Add("verdictBefore", VerdictBefore);
        Add("dueFrom", DueFrom);
        Add("dueBefore", DueBefore);
        Add("alertedFrom", AlertedFrom);
        Add("alertedBefore", AlertedBefore);
        Add("publishedFrom", PublishedFrom);
        Add("publishedBefore", PublishedBefore);
        Add("stateAt", StateAt);
        return "/queue" + query.ToQueryString();

        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add(name, value);
            }
        }
    }

    private static TimeRange? Range(DateTimeOffset? from, DateTimeOffset? before) => from is null && before is null ? null : new TimeRange(from, before);

    public QueueQuery WithState(ClaimState? state) => this with { State = state is { } s ? Wire.Name(s) : null, After = null, Select = null };

    public QueueQuery WithoutTimeRanges() => this with
    {
        CreatedFrom = null, CreatedBefore = null, VerdictFrom = null, VerdictBefore = null, DueFrom = null, DueBefore = null,
        AlertedFrom = null, AlertedBefore = null, PublishedFrom = null, PublishedBefore = null, StateAt = null,
    };

    public QueueQuery FirstPage() => this with { After = null, Select = null };

    /// <summary>The same view with nothing ticked: where actions come back to.</summary>
    public QueueQuery Unselected() => this with { Select = null };
}
