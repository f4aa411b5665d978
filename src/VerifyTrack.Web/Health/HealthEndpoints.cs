using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Health;

public static class HealthEndpoints
{
    /// <summary>
    /// <c>GET /healthz</c>: 200 when the database answers and every migration is applied, else 503. Anyone may ask,
    /// so it gives counts, not migration names.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", async (MigrationRunner migrations, CancellationToken cancellationToken) =>
        {
            try
            {
                var status = await migrations.GetStatusAsync(cancellationToken);
                var healthy = status.Pending.Count == 0;
                return Results.Json(
                    new
                    {
                        status = healthy ? "healthy" : "unhealthy",
                        database = "ok",
                        migrations = new { applied = status.Applied, pending = status.Pending.Count },
                    },
                    statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
            }
            catch (Exception ex) when (ex is MigrationException or Microsoft.Data.Sqlite.SqliteException)
            {
                return Results.Json(
                    new { status = "unhealthy", database = "error", error = ex.Message },
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).AllowAnonymous();
        return endpoints;
    }
}
