using Microsoft.AspNetCore.Http.Extensions;
using VerifyTrack.Web.Infrastructure.Web;

namespace VerifyTrack.Web.Audit;

/// <summary>The audit page's filters as they stand in the URL; dates are whole UTC days, both ends included.</summary>
public sealed record AuditQuery(string? Claim = null, string? User = null, string? Kind = null, string? From = null, string? To = null, string? Before = null)
{
    public (AuditFilter Filter, long? Before, FieldErrors Errors) Parse()
    {
        var errors = new FieldErrors();
        var claimId = QueryValues.Id(Claim, "claim", "claim number", errors);
        var user = QueryValues.Text(User, "user", TextRules.NameMax, errors);
        var kind = QueryValues.OneOf(Kind, "kind", "event kind", AuditKinds.All, errors);
        var from = QueryValues.Day(From, "from", errors);
        var to = QueryValues.Day(To, "to", errors);
        if (from is not null && to is not null && to < from)
        {
            errors.Add("to", "The end date is before the start date.");
        }

        var before = QueryValues.PageLink(Before, "before", errors);
        return (new AuditFilter(claimId, user, kind, from, to?.AddDays(1)), before, errors);
    }

    public string ToUrl(string path = "/audit")
    {
        var query = new QueryBuilder();
        foreach (var (name, value) in new[] { ("claim", Claim), ("user", User), ("kind", Kind), ("from", From), ("to", To), ("before", Before) })
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add(name, value);
            }
        }

        return path + query.ToQueryString();
    }
}
