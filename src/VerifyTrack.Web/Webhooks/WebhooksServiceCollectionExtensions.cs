using Microsoft.Extensions.Options;
using VerifyTrack.Web.Infrastructure.Jobs;

namespace VerifyTrack.Web.Webhooks;

public static class WebhooksServiceCollectionExtensions
{
    /// <summary>Webhook endpoints, the deliveries queued with claim changes, the sender job and its guarded HTTP client.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>()
            .Bind(configuration.GetSection(WebhookOptions.Section))
            .Validate(o => o.TimeoutSeconds is >= 1 and <= 120, "Webhooks:TimeoutSeconds must be from 1 to 120.")
            .Validate(o => o.BatchSize is >= 1 and <= 1000, "Webhooks:BatchSize must be from 1 to 1000.")
            .Validate(o => o.MaxAttempts >= 1, "Webhooks:MaxAttempts must be at least 1.")
            .Validate(o => CronText.IsValid(o.Cron), "Webhooks:Cron must be a cron expression (5 fields, or 6 with seconds first), e.g. \"*/15 * * * * *\".")
            .Validate(o => o.FirstRetryAfter > TimeSpan.Zero && o.MaxRetryAfter >= o.FirstRetryAfter,
                "Webhooks:FirstRetryAfter must be positive, and MaxRetryAfter at least FirstRetryAfter.")
            // A lease shorter than one delivery's timeout would let a second sender take a delivery still being sent.
            .Validate(o => o.Lease > TimeSpan.FromSeconds(o.TimeoutSeconds), "Webhooks:Lease must be longer than Webhooks:TimeoutSeconds.")
            .ValidateOnStart();

        services.AddSingleton<WebhookAddresses>();
        services.AddHttpClient(WebhookSender.ClientName, (sp, client) =>
            {
                client.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<WebhookOptions>>().Value.TimeoutSeconds);
                client.DefaultRequestHeaders.UserAgent.ParseAdd("VerifyTrack-Webhooks/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                // A redirect could lead anywhere, a private address included; a proxy would connect for us, unchecked.
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                ConnectCallback = sp.GetRequiredService<WebhookAddresses>().ConnectAsync,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });

        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<WebhookEndpoints>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<IScheduledWork>(sp => sp.GetRequiredService<WebhookSender>());
        return services;
    }
}
