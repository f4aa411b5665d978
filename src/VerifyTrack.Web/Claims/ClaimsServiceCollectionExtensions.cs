using Microsoft.Extensions.Options;

namespace VerifyTrack.Web.Claims;

public static class ClaimsServiceCollectionExtensions
{
    public static IServiceCollection AddClaims(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReviewWindowOptions>()
            .Bind(configuration.GetSection(ReviewWindowOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReviewWindowOptions>, ReviewWindowOptionsValidator>();
        services.AddOptions<PermissionsOptions>()
            .Bind(configuration.GetSection(PermissionsOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<ClaimActors>();
        services.AddSingleton<ReviewWindows>();
        services.AddSingleton<ClaimStore>();
        services.AddSingleton<ClaimCommands>();
        services.AddSingleton<BulkChanges>();
        services.AddSingleton<PublishedClaimChanges>();
        services.AddSingleton<ReviewWindowSync>();
        services.AddHostedService(sp => sp.GetRequiredService<ReviewWindowSync>());
        return services;
    }
}
