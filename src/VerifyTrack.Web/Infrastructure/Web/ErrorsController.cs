using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using VerifyTrack.Web.Infrastructure.Db;

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
        // Only the exception handler comes here; a visitor asking for /error is asking for nothing.
        if (HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not { } failure)
        {
            return NotFound();
        }

        var path = failure.Path;
        var status = Response.StatusCode >= 400 ? Response.StatusCode : StatusCodes.Status500InternalServerError;
        var storageFault = StorageFaults.IsFault(failure.Error);
        if (storageFault)
        {
            // A full disk or a lock held elsewhere is the operator's to fix, and the same request may succeed later.
            Response.Headers.RetryAfter = "30";
        }

        if (path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(
                statusCode: status,
                title: storageFault ? "Storage unavailable" : ReasonPhrases.GetReasonPhrase(status),
                detail: storageFault
                    ? $"The database cannot be written just now: {StorageFaults.Describe(failure.Error)} Nothing was changed; send the request again later."
                    : status == StatusCodes.Status500InternalServerError
                        ? "The server failed to complete the request; nothing was changed."
                        : failure.Error.Message);
        }

        Response.StatusCode = status;
        return storageFault ? View("StorageUnavailable", StorageFaults.Describe(failure.Error)) : View("Error");
    }

    /// <summary>
    /// Bodiless 4xx answers: problem JSON for the API, a page for people. Nothing is model-bound: a re-executed
    /// POST still carries its form, and a field named "code" (or a form that cannot be read) must not choose
    /// the status. It is the one the request really got, or the route's when the page is asked for directly.
    /// </summary>
    [Route("/errors/{code:int:range(400, 599)}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Status()
    {
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        var code = reExecuted?.OriginalStatusCode ?? int.Parse((string)RouteData.Values["code"]!, System.Globalization.CultureInfo.InvariantCulture);
        if (reExecuted?.OriginalPath.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) == true)
        {
            return Problem(statusCode: code, title: ReasonPhrases.GetReasonPhrase(code));
        }

        Response.StatusCode = code;
        return View("StatusCode", code);
    }
}
