using Dapper;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Health;

public static class HealthEndpoints
{
    /// <summary>
    /// <c>GET /healthz</c>: 200 when the database answers, every migration is applied and writes succeed, else 503.
    /// Anyone may ask, so it gives counts, not migration names.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", async (MigrationRunner migrations, Database database, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            try
            {
                var status = await migrations.GetStatusAsync(cancellationToken);
                var writeFault = await WriteFaultAsync(database, clock, cancellationToken);
                var healthy = status.Pending.Count == 0 && writeFault is null;
                return Results.Json(
                    new
                    {
                        status = healthy ? "healthy" : "unhealthy",
                        database = writeFault is null ? "ok" : "writes failing",
                        error = writeFault,
                        migrations = new { applied = status.Applied, pending = status.Pending.Count },
                    },
                    statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
            }
            catch (Exception ex) when (ex is MigrationException or Microsoft.Data.Sqlite.SqliteException || StorageFaults.IsFault(ex))
            {
                return Results.Json(
                    new
                    {
                        status = "unhealthy",
                        database = "error",
                        error = ex is MigrationException ? "The database's migrations do not match the app's: run the migrate verb for details." : StorageFaults.Describe(ex),
                    },
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).AllowAnonymous();
        return endpoints;
    }

    /// <summary>
    /// Null while writes succeed. After a write failed for a storage fault, one write the size of a large claim
    /// (64 KiB, taken back in the same transaction) tells whether the fault is gone (space freed, lock released),
    /// so the check recovers without waiting for an editor's write.
    /// </summary>
    private static async Task<string?> WriteFaultAsync(Database database, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (database.WriteHealth.Fault is null || !database.WriteHealth.TryStartProbe(clock.GetUtcNow()))
        {
            return database.WriteHealth.Fault;
        }

        try
        {
            await database.WriteAsync(
                async write =>
                {
                    await write.Connection.ExecuteAsync(
                        """
                        INSERT INTO app_settings (key, value) VALUES ('health_probe', @now || printf('%.*c', 65536, '.'))
                        ON CONFLICT (key) DO UPDATE SET value = excluded.value;
                        DELETE FROM app_settings WHERE key = 'health_probe';
                        """,
                        new { now = clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture) },
                        write.Transaction);
                    write.Commit();
                    return true;
                },
                cancellationToken);
            return null;
        }
        catch (StorageUnavailableException)
        {
            return database.WriteHealth.Fault;
        }
    }
}
