using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Demo;

namespace VerifyTrack.Web.Infrastructure.Db;

/// <summary>
/// Brings the database up to date before the app serves anything: migrations and,
/// on a first run with <c>Demo:Seed</c> on, the demo dataset. Prints where to go once the server listens.
/// </summary>
public sealed class DatabaseStartup(
    MigrationRunner migrations,
    DemoSeeder demo,
    IOptions<DemoOptions> demoOptions,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<DatabaseStartup> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await migrations.ApplyAsync(cancellationToken);
        if (demoOptions.Value.Seed && await demo.IsDatabaseEmptyAsync(cancellationToken))
        {
            await demo.SeedAsync(cancellationToken);
            logger.LogInformation("Loaded the demo dataset into an empty database.");
        }

        lifetime.ApplicationStarted.Register(PrintWelcome);
    }

    private void PrintWelcome()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            logger.LogInformation("VerifyTrack is listening on {Address}", address);
        }

        if (demoOptions.Value.Seed)
        {
            foreach (var (email, role) in DemoSeeder.SignIns)
            {
                logger.LogInformation("Demo sign-in ({Role}): {Email} / {Password}", role, email, demo.Password);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
