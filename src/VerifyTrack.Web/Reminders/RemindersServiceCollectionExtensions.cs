using VerifyTrack.Web.Infrastructure.Jobs;

namespace VerifyTrack.Web.Reminders;

public static class RemindersServiceCollectionExtensions
{
    public static IServiceCollection AddReminders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReminderOptions>()
            .Bind(configuration.GetSection(ReminderOptions.Section))
            .Validate(o => VerifyTrack.Web.Infrastructure.Jobs.CronText.IsValid(o.Cron), "Reminders:Cron must be a cron expression (5 fields, or 6 with seconds first), e.g. \"*/5 * * * *\".")
            .Validate(o => o.RepeatEvery >= TimeSpan.FromMinutes(1), "Reminders:RepeatEvery must be at least 00:01:00.")
            .Validate(o => o.EscalateAfter is >= 0 and <= 20, "Reminders:EscalateAfter must be from 0 to 20.")
            .Validate(o => o.BatchSize is >= 1 and <= 100_000, "Reminders:BatchSize must be from 1 to 100000.")
            .ValidateOnStart();
        services.AddSingleton<StaleReminders>();
        services.AddSingleton<IScheduledWork>(sp => sp.GetRequiredService<StaleReminders>());
        return services;
    }
}
