using VerifyTrack.Web.Infrastructure.Jobs;

namespace VerifyTrack.Web.Backups;

public static class BackupsServiceCollectionExtensions
{
    public static IServiceCollection AddBackups(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BackupOptions>().Bind(configuration.GetSection(BackupOptions.Section))
            .Validate(o => CronText.IsValid(o.Cron), "Backup:Cron must be a cron expression (5 fields, or 6 with seconds first), e.g. \"15 2 * * *\".")
            .Validate(o => o.Keep is >= 1 and <= 1000, "Backup:Keep must be from 1 to 1000.")
            .ValidateOnStart();
        services.AddSingleton<DatabaseBackup>();
        services.AddSingleton<IScheduledWork, BackupJob>();
        return services;
    }
}
