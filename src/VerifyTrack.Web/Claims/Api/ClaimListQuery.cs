using VerifyTrack.Web.Infrastructure.Web;

namespace VerifyTrack.Web.Claims.Api;

/// <summary>The editors' API list query: <c>?state=&amp;desk=&amp;priority=&amp;assignee=&amp;stale=&amp;text=&amp;page=&amp;pageSize=</c>.</summary>
public sealed record ClaimListQuery(
    string? State = null,
    string? Desk = null,
    string? Priority = null,
    string? Assignee = null,
    string? Stale = null,
    string? Text = null,
    string? Page = null,
    string? PageSize = null)
{
    public const int MaxPageSize = 200;
    public const int DefaultPageSize = 50;

    public (ClaimFilter Filter, int Page, int PageSize, FieldErrors Errors) Parse()
    {
        var errors = new FieldErrors();
        var state = QueryValues.State(State, errors);
        var desk = QueryValues.Text(Desk, "desk", TextRules.SlugMax, errors);
        var priority = QueryValues.Priority(Priority, errors);
        var assignee = QueryValues.Text(Assignee, "assignee", TextRules.NameMax, errors);
        var stale = QueryValues.Flag(Stale, "stale", errors);
        var text = QueryValues.Text(Text, "text", TextRules.StatementMax, errors);
        var page = QueryValues.Number(Page, "page", 1, int.MaxValue / MaxPageSize, errors);
        var pageSize = QueryValues.Number(PageSize, "pageSize", DefaultPageSize, MaxPageSize, errors);
        return (new ClaimFilter(state, desk, priority, assignee, stale, text), page, pageSize, errors);
    }
}
