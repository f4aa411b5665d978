using System.Globalization;
using VerifyTrack.Web.Infrastructure.Jobs;

namespace VerifyTrack.Web.Digests;

public static class DigestsServiceCollectionExtensions
{
    public static IServiceCollection AddDigests(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DigestOptions>()
            .Bind(configuration.GetSection(DigestOptions.Section))
            .Validate(o => VerifyTrack.Web.Infrastructure.Jobs.CronText.IsValid(o.Cron), "Digests:Cron must be a cron expression (5 fields, or 6 with seconds first), e.g. \"*/5 * * * *\".")
            .Validate(o => TimeOnly.TryParseExact(o.LocalTime, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), "Digests:LocalTime must be a local time such as 07:00.")
            .Validate(o => o.MaxStaleListed is >= 1 and <= 1000, "Digests:MaxStaleListed must be from 1 to 1000.")
            .ValidateOnStart();
        services.AddSingleton<Unsubscribe>();
        services.AddSingleton<DeskDigests>();
        services.AddSingleton<IScheduledWork>(sp => sp.GetRequiredService<DeskDigests>());
        return services;
    }
}
