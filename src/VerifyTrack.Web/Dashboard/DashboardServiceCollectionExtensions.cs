using VerifyTrack.Web.Infrastructure.Jobs;

namespace VerifyTrack.Web.Dashboard;

public static class DashboardServiceCollectionExtensions
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.Section))
            .Validate(o => CronText.IsValid(o.OverdueCountCron), "Dashboard:OverdueCountCron must be a cron expression (5 fields, or 6 with seconds first), e.g. \"*/15 * * * *\".")
            .Validate(o => o.KeepOverdueCountsFor >= TimeSpan.FromDays(StatsApiController.MaxDays), $"Dashboard:KeepOverdueCountsFor must be at least {StatsApiController.MaxDays} days, the longest period the dashboard shows.")
            .ValidateOnStart();
        services.AddSingleton<DeskStats>();
        services.AddSingleton<DashboardDesks>();
        services.AddSingleton<IScheduledWork, OverdueCount>();
        return services;
    }
}
