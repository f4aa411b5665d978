using Dapper;
using Hangfire;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Tests.Jobs;

/// <summary>Reads what runs left behind: our job_runs table and Hangfire's own storage.</summary>
public static class JobRuns
{
    /// <summary>Waits until <paramref name="job"/> has at least <paramref name="count"/> runs with an outcome.</summary>
    public static Task WaitForOutcomesAsync(AppFactory app, string job, int count) =>
        Eventually.WaitAsync(async () => await OutcomesAsync(app, job) >= count, $"{count} finished runs of {job}");

    public static async Task<int> OutcomesAsync(AppFactory app, string job)
    {
        await using var connection = await app.Get<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM job_runs WHERE job = @job AND outcome IS NOT NULL", new { job });
    }

    /// <summary>Waits until Hangfire has processed every one of <paramref name="jobIds"/> (succeeded or failed).</summary>
    public static Task WaitProcessedAsync(JobStorage storage, IReadOnlyCollection<string> jobIds) =>
        Eventually.WaitAsync(() =>
        {
            using var connection = storage.GetConnection();
            return Task.FromResult(jobIds.All(id => connection.GetStateData(id)?.Name is "Succeeded" or "Failed"));
        }, $"Hangfire to process {jobIds.Count} jobs");

    public static string? State(JobStorage storage, string jobId)
    {
        using var connection = storage.GetConnection();
        return connection.GetStateData(jobId)?.Name;
    }
}
