using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace VerifyTrack.Web.PublicStatus;

/// <summary>
/// For public responses: a strong ETag from the body, Cache-Control, and 304 Not Modified when the client
/// already holds this body (If-None-Match) or nothing changed since its copy (If-Modified-Since, against
/// the Last-Modified the endpoint set). Output-cached copies keep these headers, and the output cache
/// answers revalidations of them itself.
/// </summary>
public sealed class ConditionalGetMiddleware(RequestDelegate next, IOptions<PublicStatusOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        var response = context.Response;
        if (response.StatusCode == StatusCodes.Status200OK)
        {
            var etag = $"\"{WebEncoders.Base64UrlEncode(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))[..22]}\"";
            response.Headers.ETag = etag;
            // A signed-in reader's response may carry a renewed session cookie: never let a shared cache keep it.
            var personal = context.User.Identity?.IsAuthenticated == true || response.Headers.SetCookie.Count > 0;
            response.Headers.CacheControl = personal ? "private, no-store" : $"public, max-age={options.Value.CacheSeconds}";
            if (IsNotModified(context.Request, etag, response.GetTypedHeaders().LastModified))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.ContentLength = null;
                response.Headers.ContentType = default;
                return;
            }
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private static bool IsNotModified(HttpRequest request, string etag, DateTimeOffset? lastModified)
    {
        var headers = request.GetTypedHeaders();
        if (headers.IfNoneMatch.Count > 0)
        {
            return headers.IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(new EntityTagHeaderValue(etag), useStrongComparison: false));
        }

        // Whole seconds only (HTTP dates): exact revalidation is the strong ETag's job.
        return headers.IfModifiedSince is { } since && lastModified is { } modified && modified <= since;
    }
}
