using System.ComponentModel;
using VerifyTrack.Web.ApiDocs;
using VerifyTrack.Web.Infrastructure.Web;

namespace VerifyTrack.Web.Claims.Api;

/// <summary>The editors' API list query: <c>?state=&amp;desk=&amp;priority=&amp;assignee=&amp;stale=&amp;text=&amp;page=&amp;pageSize=</c>.</summary>
public sealed record ClaimListQuery(
    [property: Description("Only claims in this state."), QueryValue("string", Values = ["unverified", "denied", "confirmed"])]
    string? State = null,
    [property: Description("Only claims of this desk (its slug).")]
    string? Desk = null,
    [property: Description("Only claims of this priority."), QueryValue("string", Values = ["urgent", "high", "normal", "low"])]
    string? Priority = null,
    [property: Description("`me`, `unassigned`, or a user's e-mail.")]
    string? Assignee = null,
    [property: Description("`true`: only claims past their review window; `false`: only those within it."), QueryValue("boolean")]
    string? Stale = null,
    [property: Description("Full-text search: every word must match, as the beginning of a word (a word longer than ten letters by its first ten).")]
    string? Text = null,
    [property: Description("The page, from 1 (the default)."), QueryValue("integer")]
    string? Page = null,
    [property: Description("Claims per page, 1 to 200; 50 by default."), QueryValue("integer")]
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
