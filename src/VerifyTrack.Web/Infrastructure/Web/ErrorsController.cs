using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace VerifyTrack.Web.Infrastructure.Web;

/// <summary>Where unhandled exceptions land: problem JSON for the API, a page for people.</summary>
[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorsController : Controller
{
    [Route("/error")]
    [IgnoreAntiforgeryToken]
    public IActionResult Error()
    {
        var path = HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? "";
        var status = Response.StatusCode >= 400 ? Response.StatusCode : StatusCodes.Status500InternalServerError;
        if (path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(
                statusCode: status,
                title: ReasonPhrases.GetReasonPhrase(status),
                detail: status == StatusCodes.Status500InternalServerError
                    ? "The server failed to complete the request; nothing was changed."
                    : HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Error.Message);
        }

        Response.StatusCode = status;
        return View("Error");
    }

    /// <summary>Bodiless 4xx answers: problem JSON for the API, a page for people.</summary>
    [Route("/errors/{code:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Status(int code)
    {
        var original = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>()?.OriginalPath ?? "";
        if (original.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(statusCode: code, title: ReasonPhrases.GetReasonPhrase(code));
        }

        Response.StatusCode = code;
        return View("StatusCode", code);
    }
}
