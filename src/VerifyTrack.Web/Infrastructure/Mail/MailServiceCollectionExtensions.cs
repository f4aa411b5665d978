using Microsoft.Extensions.Options;

namespace VerifyTrack.Web.Infrastructure.Mail;

public static class MailServiceCollectionExtensions
{
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MailOptions>()
            .Bind(configuration.GetSection(MailOptions.Section))
            .Validate(o => o.Delivery is "pickup" or "smtp", "Mail:Delivery must be \"pickup\" or \"smtp\".")
            .Validate(o => o.Delivery != "smtp" || !string.IsNullOrWhiteSpace(o.Host), "Mail:Host is required when Mail:Delivery is smtp.")
            .Validate(o => o.Port is > 0 and < 65536, "Mail:Port must be a TCP port.")
            .Validate(o => o.Security is null || Enum.IsDefined(o.Security.Value), "Mail:Security must be None, StartTls, SslOnConnect or Auto.")
            .Validate(o => o.TimeoutSeconds is >= 1 and <= 600, "Mail:TimeoutSeconds must be from 1 to 600.")
            .Validate(o => MimeMail.IsMailbox(o.From), "Mail:From must be an e-mail address, e.g. \"VerifyTrack <desk@example.org>\".")
            .Validate(o => TextRules.IsHttpUrl(o.AppBaseUrl), "Mail:AppBaseUrl must be the app's absolute http(s) URL, e.g. https://verify.example.org.")
            // The default points at localhost: fine on a desk's laptop, wrong in every link a production mail carries.
            .Validate<IHostEnvironment>(
                (_, environment) => !environment.IsProduction() || !string.IsNullOrWhiteSpace(configuration[$"{MailOptions.Section}:{nameof(MailOptions.AppBaseUrl)}"]),
                "Mail:AppBaseUrl must be set in Production, to the app's address as editors reach it (e.g. https://verify.example.org): links in mail would otherwise point at localhost.")
            .ValidateOnStart();
        services.AddOptions<OutboxOptions>()
            .Bind(configuration.GetSection(OutboxOptions.Section))
            .Validate(o => o.BatchSize is >= 1 and <= 1000, "Outbox:BatchSize must be from 1 to 1000.")
            .Validate(o => o.MaxAttempts >= 1, "Outbox:MaxAttempts must be at least 1.")
            .Validate(o => VerifyTrack.Web.Infrastructure.Jobs.CronText.IsValid(o.Cron), "Outbox:Cron must be a cron expression (5 fields, or 6 with seconds first), e.g. \"*/30 * * * * *\".")
            .Validate(o => o.Lease > TimeSpan.Zero && o.FirstRetryAfter > TimeSpan.Zero && o.MaxRetryAfter >= o.FirstRetryAfter,
                "Outbox:Lease and FirstRetryAfter must be positive, and MaxRetryAfter at least FirstRetryAfter.")
            .ValidateOnStart();
        services.AddSingleton<IMailTransport>(sp => sp.GetRequiredService<IOptions<MailOptions>>().Value.Delivery == "pickup"
            ? ActivatorUtilities.CreateInstance<PickupMailTransport>(sp)
            : ActivatorUtilities.CreateInstance<SmtpMailTransport>(sp));
        services.AddSingleton<MailRenderer>();
        services.AddSingleton<OutboxSender>();
        services.AddSingleton<Jobs.IScheduledWork>(sp => sp.GetRequiredService<OutboxSender>());
        services.AddSingleton<OutboxAdmin>();
        return services;
    }
}
