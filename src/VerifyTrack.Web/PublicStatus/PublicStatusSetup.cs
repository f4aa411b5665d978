using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Claims;

namespace VerifyTrack.Web.PublicStatus;

public static class PublicStatusSetup
{
    public const string Policy = "public";

    public static IServiceCollection AddPublicStatus(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PublicStatusOptions>()
            .Bind(configuration.GetSection(PublicStatusOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.OrganizationName), "PublicStatus:OrganizationName is required: it is the author of every ClaimReview.")
            .Validate(o => TextRules.IsHttpUrl(o.OrganizationUrl), "PublicStatus:OrganizationUrl must be an absolute http(s) URL, e.g. https://example.org/.")
            .Validate(o => o.PublicBaseUrl.Length == 0 || TextRules.IsHttpUrl(o.PublicBaseUrl), "PublicStatus:PublicBaseUrl must be empty or an absolute http(s) URL, e.g. https://status.example.org.")
            .Validate(o => o.Description.Length <= PublicDescriptions.MaxLength && !o.Description.Any(char.IsControl), $"PublicStatus:Description must be one line of at most {PublicDescriptions.MaxLength} characters.")
            .Validate(o => o.PageSize is >= 1 and <= 100, "PublicStatus:PageSize must be from 1 to 100.")
            .Validate(o => o.CacheSeconds >= 0 && o.ServerCacheSeconds >= 0, "PublicStatus:CacheSeconds and ServerCacheSeconds must be zero or more.")
            .Validate(o => o.RateLimit.PermitLimit >= 1 && o.RateLimit.WindowSeconds >= 1, "PublicStatus:RateLimit:PermitLimit and WindowSeconds must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<PublicClaimStore>();
        services.AddSingleton<ShareCard>();

        services.AddCors(cors => cors.AddPolicy(Policy, policy => policy.AllowAnyOrigin().WithMethods("GET", "HEAD")));

        services.AddOutputCache();
        services.AddOptions<Microsoft.AspNetCore.OutputCaching.OutputCacheOptions>()
            .Configure<IOptions<PublicStatusOptions>>((cache, status) => cache.AddPolicy(Policy, policy => policy
                .Expire(TimeSpan.FromSeconds(status.Value.ServerCacheSeconds))
                .SetVaryByQuery("*")
                .VaryByValue(context => new KeyValuePair<string, string>(
                    "generation",
                    context.RequestServices.GetRequiredService<PublishedClaimChanges>().Generation.ToString(CultureInfo.InvariantCulture)))));

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(Policy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<PublicStatusOptions>>().Value.RateLimit;
                return RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.PermitLimit,
                        Window = TimeSpan.FromSeconds(limits.WindowSeconds),
                        QueueLimit = 0,
                    });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync($"Too many requests: try again in {retryAfter} seconds.", cancellationToken);
            };
        });
        return services;
    }

    /// <summary>ETags, Cache-Control and 304s for everything the public side serves.</summary>
    public static IApplicationBuilder UsePublicConditionalGet(this IApplicationBuilder app) =>
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/status") || context.Request.Path.StartsWithSegments("/api/v1/public"),
            branch => branch.UseMiddleware<ConditionalGetMiddleware>());
}
