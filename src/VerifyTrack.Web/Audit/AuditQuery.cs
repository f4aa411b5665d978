using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;
using VerifyTrack.Web.Claims;

namespace VerifyTrack.Web.Audit;

/// <summary>The audit page's filters as they stand in the URL; dates are whole UTC days, both ends included.</summary>
public sealed record AuditQuery(string? Claim = null, string? User = null, string? Kind = null, string? From = null, string? To = null, string? Before = null)
{
    public (AuditFilter Filter, long? Before, FieldErrors Errors) Parse()
    {
        var errors = new FieldErrors();
        long? claimId = null;
        if (!string.IsNullOrWhiteSpace(Claim))
        {
            if (long.TryParse(Claim.Trim().TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                claimId = id;
            }
            else
            {
                errors.Add("claim", $"'{Claim}' is not a claim number.");
            }
        }

        if (!string.IsNullOrEmpty(Kind) && !AuditKinds.All.Contains(Kind))
        {
            errors.Add("kind", $"There is no event kind '{Kind}'.");
        }

        var from = Day(From, "from", errors);
        var to = Day(To, "to", errors);
        if (from is not null && to is not null && to < from)
        {
            errors.Add("to", "The end date is before the start date.");
        }

        long? before = null;
        if (!string.IsNullOrEmpty(Before))
        {
            if (long.TryParse(Before, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                before = id;
            }
            else
            {
                errors.Add("before", "That page link is broken: start again from the first page.");
            }
        }

        TextRules.Optional(errors, "user", User, TextRules.NameMax);
        return (new AuditFilter(claimId, User, string.IsNullOrEmpty(Kind) ? null : Kind, from, to?.AddDays(1)), before, errors);
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

    private static DateTimeOffset? Day(string? value, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateTime.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day, TimeSpan.Zero);
        }

        errors.Add(field, $"'{value}' is not a date: use the form 2017-10-05.");
        return null;
    }
}
