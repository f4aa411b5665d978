namespace VerifyTrack.Web.Infrastructure.Web;

public static class SecurityHeaders
{
    /// <summary>
    /// The pages run no script and load nothing from elsewhere, so the policy can say exactly that: a
    /// quoted claim that slipped past encoding still could not run or phone home. The badge and the
    /// public API stay embeddable: they are images and JSON, not frames.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";

            // The editors' API answers with internal notes and assignees: no browser or proxy may keep a copy.
            // Endpoints that are meant to be cached (the public API) say so themselves before the response starts.
            if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.OnStarting(() =>
                {
                    if (string.IsNullOrEmpty(context.Response.Headers.CacheControl))
                    {
                        context.Response.Headers.CacheControl = "no-store";
                    }

                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
}
