using Microsoft.AspNetCore.Mvc;

namespace VerifyTrack.Web.Infrastructure.Web;

/// <summary>RFC 7807 problem responses for the JSON API.</summary>
public static class Problems
{
    public static ObjectResult Status(int status, string title, string detail) =>
        Result(new ProblemDetails { Status = status, Title = title, Detail = detail });

    public static ObjectResult Validation(FieldErrors errors, int status) =>
        Result(new ValidationProblemDetails(errors.ToDictionary())
        {
            Status = status,
            Title = status == StatusCodes.Status422UnprocessableEntity
                ? "The claim's rules refuse this change."
                : "The request has invalid fields.",
        });

    public static ObjectResult Conflict(long currentVersion, object current)
    {
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "The claim was changed by someone else.",
            Detail = $"Your change was based on an older version; the claim is now at version {currentVersion}. Nothing was written: reload, check the other change, and send yours again with the current version.",
        };
        problem.Extensions["currentVersion"] = currentVersion;
        problem.Extensions["current"] = current;
        return Result(problem);
    }

    private static ObjectResult Result(ProblemDetails problem) => new(problem)
    {
        StatusCode = problem.Status,
        ContentTypes = { ApiDocs.ApiResponseConventions.ProblemJson },
    };
}
