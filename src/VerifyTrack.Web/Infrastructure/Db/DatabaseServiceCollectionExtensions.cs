namespace VerifyTrack.Web.Infrastructure.Db;

public static class DatabaseServiceCollectionExtensions
{
    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Path), "Database:Path must name the SQLite file, e.g. data/verifytrack.db.")
            .Validate(o => o.BusyTimeoutMilliseconds >= 0, "Database:BusyTimeoutMilliseconds must be zero or more.")
            .Validate(o => o.MaxWritesPerCommit is >= 1 and <= 1000, "Database:MaxWritesPerCommit must be between 1 and 1000.")
            .ValidateOnStart();
        services.AddSingleton<Database>();
        services.AddSingleton<MigrationRunner>();
        services.AddHostedService<DatabaseStartup>();
        return services;
    }
}
