namespace VerifyTrack.Web.Audit;

public static class AuditServiceCollectionExtensions
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<AuditReader>();
        services.AddSingleton<AuditChainVerifier>();
        return services;
    }
}
