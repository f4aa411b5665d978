namespace VerifyTrack.Web.Demo;

public static class DemoServiceCollectionExtensions
{
    public static IServiceCollection AddDemo(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DemoOptions>()
            .Bind(configuration.GetSection(DemoOptions.Section))
            .Validate(o => !o.Seed || o.Password.Length >= 10, "Demo:Password must be at least 10 characters when Demo:Seed is on.")
            .Validate<IHostEnvironment>((o, environment) => !o.Seed || !environment.IsProduction(), DemoSeeder.RefusedInProduction)
            .ValidateOnStart();
        services.AddSingleton<DemoSeeder>();
        services.AddSingleton<DemoGenerator>();
        return services;
    }
}
