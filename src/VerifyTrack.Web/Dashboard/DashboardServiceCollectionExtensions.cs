namespace VerifyTrack.Web.Dashboard;

public static class DashboardServiceCollectionExtensions
{
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddSingleton<DeskStats>();
        services.AddSingleton<DashboardDesks>();
        return services;
    }
}
