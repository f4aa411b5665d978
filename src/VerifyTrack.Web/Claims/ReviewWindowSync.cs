using Dapper;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Claims;

/// <summary>
/// Each claim stores its review due time so stale scans are one index range. When the configured
/// windows change, the stored times are recomputed once, at start-up, after the database start-up
/// (registered before it) has brought the schema up to date.
/// </summary>
public sealed class ReviewWindowSync(Database database, ReviewWindows windows, ILogger<ReviewWindowSync> logger) : IHostedLifecycleService
{
    private const string SettingKey = "review_windows";

    public async Task SyncAsync(CancellationToken cancellationToken = default)
    {
        var fingerprint = windows.Fingerprint();
        var (changed, previous) = await database.WriteAsync(async write =>
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            var stored = await connection.ExecuteScalarAsync<string?>(
                "SELECT value FROM app_settings WHERE key = @SettingKey", new { SettingKey }, transaction);
            if (stored == fingerprint)
            {
                return (false, stored);
            }

            foreach (var state in Enum.GetValues<ClaimState>())
            {
                foreach (var priority in Enum.GetValues<Priority>())
                {
                    var seconds = windows.WindowFor(state, priority)?.TotalSeconds;
                    await connection.ExecuteAsync(
                        """
                        UPDATE claims
                           SET review_due_at = CASE WHEN @seconds IS NULL THEN NULL
                                                    ELSE strftime('%Y-%m-%dT%H:%M:%fZ', last_reviewed_at, '+' || @seconds || ' seconds') END
                         WHERE state = @state AND priority = @priority
                        """,
                        new { seconds, state = Wire.Name(state), priority = Wire.Name(priority) },
                        transaction);
                }
            }

            await connection.ExecuteAsync(
                "INSERT INTO app_settings (key, value) VALUES (@SettingKey, @fingerprint) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                new { SettingKey, fingerprint }, transaction);
            write.Commit();
            return (true, stored);
        }, cancellationToken);
        if (changed && previous is not null)
        {
            logger.LogInformation("Review windows changed; recomputed every claim's review due time.");
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => SyncAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
