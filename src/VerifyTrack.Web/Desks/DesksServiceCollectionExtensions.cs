namespace VerifyTrack.Web.Desks;

public static class DesksServiceCollectionExtensions
{
    public static IServiceCollection AddDesks(this IServiceCollection services)
    {
        services.AddSingleton<DeskStore>();
        return services;
    }
}
