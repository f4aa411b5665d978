namespace VerifyTrack.Web.Infrastructure.Web;

/// <summary>
/// Public pages, the feed and the JSON build absolute links from the request's host when
/// <c>PublicStatus:PublicBaseUrl</c> is not set, so a request that names no host (an empty <c>Host</c> header, or
/// HTTP/1.0 without one) would get <c>http:///…</c> links or fail. Such a request is answered 400 instead;
/// <c>/healthz</c> stays open to probes that send no host.
/// </summary>
public static class HostHeader
{
    public static IApplicationBuilder UseRequiredHost(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!context.Request.Host.HasValue && !context.Request.Path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("The request names no host: send a Host header with the site's name.");
                return;
            }

            await next(context);
        });
}
