using System.ComponentModel;
using Microsoft.AspNetCore.Http.Extensions;
using VerifyTrack.Web.ApiDocs;
using VerifyTrack.Web.Infrastructure.Web;

namespace VerifyTrack.Web.PublicStatus;

/// <summary>The status page's filters as they stand in the URL.</summary>
public sealed record StatusQuery(string? State = null, string? Q = null, string? Page = null)
{
    public const int MaxPage = 100_000;

    public (PublicListQuery List, FieldErrors Errors) Parse(int pageSize)
    {
        var errors = new FieldErrors();
        var state = QueryValues.State(State, errors);
        var text = QueryValues.Text(Q, "q", TextRules.StatementMax, errors);
        var page = QueryValues.Number(Page, "page", 1, MaxPage, errors);
        return (new PublicListQuery(state, text, null, page, pageSize), errors);
    }

    /// <summary>This view with another state or page; the first page and "any state" stay out of the URL.</summary>
    public string ToUrl(string? state, int page)
    {
        var query = new QueryBuilder();
        foreach (var (name, value) in new[] { ("state", state), ("q", Q), ("page", page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null) })
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add(name, value);
            }
        }

        return "/status" + query.ToQueryString();
    }

    /// <summary>
    /// The list's pages are canonical as themselves; a search or a state filter is a view of the list, so the
    /// list is its canonical page.
    /// </summary>
    public string CanonicalPath(int page) =>
        string.IsNullOrEmpty(State) && string.IsNullOrEmpty(Q) ? ToUrl(null, page) : "/status";
}

/// <summary>The public API's list query: <c>?state=&amp;since=&amp;text=&amp;page=&amp;pageSize=</c>.</summary>
public sealed record PublicClaimsQuery(
    [property: Description("Only claims in this state."), QueryValue("string", Values = ["unverified", "denied", "confirmed"])]
    string? State = null,
    [property: Description("ISO-8601, inclusive: the changes from that moment on, oldest first."), QueryValue("string", Format = "date-time")]
    string? Since = null,
    [property: Description("Search statement and claimant: every word must match, as the beginning of a word.")]
    string? Text = null,
    [property: Description("The page, from 1 (the default)."), QueryValue("integer")]
    string? Page = null,
    [property: Description("Claims per page, at most 100; `PublicStatus:PageSize` by default."), QueryValue("integer")]
    string? PageSize = null)
{
    public const int MaxPageSize = 100;

    public (PublicListQuery List, FieldErrors Errors) Parse(int defaultPageSize)
    {
        var errors = new FieldErrors();
        var state = QueryValues.State(State, errors);
        var since = QueryValues.Time(Since, "since", errors);
        var text = QueryValues.Text(Text, "text", TextRules.StatementMax, errors);
        var page = QueryValues.Number(Page, "page", 1, StatusQuery.MaxPage, errors);
        var pageSize = QueryValues.Number(PageSize, "pageSize", defaultPageSize, MaxPageSize, errors);
        return (new PublicListQuery(state, text, since, page, pageSize), errors);
    }
}
