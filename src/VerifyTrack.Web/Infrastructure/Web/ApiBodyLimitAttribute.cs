using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;

namespace VerifyTrack.Web.Infrastructure.Web;

/// <summary>
/// Caps JSON request bodies. Refuses a declared oversized body with 413 before reading it, and lowers the
/// server's limit so a chunked body is cut off too (Kestrel then raises a 413 that the exception handler maps).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class ApiBodyLimitAttribute : Attribute, IResourceFilter
{
    public const long MaxBytes = 256 * 1024;

    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        var feature = context.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = MaxBytes;
        }

        if (context.HttpContext.Request.ContentLength > MaxBytes)
        {
            context.Result = Problems.Status(
                StatusCodes.Status413PayloadTooLarge,
                "Request body too large",
                $"Request bodies are limited to {MaxBytes / 1024} KiB.");
        }
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }
}
