using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;

namespace VerifyTrack.Web.Infrastructure.Web;

/// <summary>
/// The 400 an integrator gets for a body that does not bind: each error under its JSON path, as ASP.NET names it
/// ("$.statement", "$" for the whole body), saying in JSON's words what was expected. The serializer's own
/// messages name our .NET types ("could not be converted to VerifyTrack.Web.Claims.CreateClaimInput"), which
/// tell a client nothing and us too much.
/// </summary>
public static partial class JsonBodyErrors
{
    public static IActionResult Response(ActionContext context)
    {
        var errors = new FieldErrors();
        foreach (var (key, entry) in context.ModelState)
        {
            foreach (var error in entry.Errors)
            {
                var field = FieldName(key);
                errors.Add(field == "body" ? "$" : key, Describe(field, error.ErrorMessage));
            }
        }

        return Problems.Validation(errors, StatusCodes.Status400BadRequest);
    }

    /// <summary>"$.firstAppearance.url" → "firstAppearance.url"; anything else ("$", "" or the action's body parameter) → "body".</summary>
    public static string FieldName(string key) =>
        key.StartsWith("$.", StringComparison.Ordinal) ? key[2..] : "body";

    public static string Describe(string field, string message)
    {
        if (field == "body")
        {
            return "The body must be one well-formed JSON object with the fields this route takes (see the README).";
        }

        // The serializer names the .NET type it was filling, often the parent object's rather than the field's.
        return NamesDotNetType().IsMatch(message)
            ? $"{field} has the wrong JSON type or is malformed: see the README for what it takes."
            : $"{field}: {PathSuffix().Replace(message, "").Trim()}";
    }

    [GeneratedRegex(@"could not be converted|VerifyTrack\.|System\.", RegexOptions.NonBacktracking)]
    private static partial Regex NamesDotNetType();

    [GeneratedRegex(@"\s*Path: .*$", RegexOptions.NonBacktracking)]
    private static partial Regex PathSuffix();
}
