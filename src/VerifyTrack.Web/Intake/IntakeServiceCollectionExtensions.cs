namespace VerifyTrack.Web.Intake;

public static class IntakeServiceCollectionExtensions
{
    public static IServiceCollection AddIntake(this IServiceCollection services)
    {
        services.AddSingleton<IntakeService>();
        return services;
    }
}
