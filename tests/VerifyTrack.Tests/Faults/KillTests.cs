using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Dapper;
using Microsoft.Data.Sqlite;
using VerifyTrack.Tests.Cli;
using VerifyTrack.Tests.Infrastructure;

namespace VerifyTrack.Tests.Faults;

/// <summary>
/// The app killed with SIGKILL in the middle of a burst of writes: every claim it acknowledged (201) is in the
/// database afterwards, and the audit chain is intact.
/// </summary>
[Collection(StorageFaultsCollection.Name)]
public sealed class KillTests
{
    private const int Writers = 8;
    private const int MostWritesEach = 200;

    [Fact]
    public async Task KilledMidBurst_EveryAcknowledgedClaimIsStored_AndTheChainIsIntact()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.Path);
        var dbPath = Path.Combine(temp.Path, "kill.db");
        Assert.Equal(0, (await CommandLineTests.RunProcessAsync(temp.Path, dbPath, "", "desks", "add", "--slug", "world", "--name", "World", "--time-zone", "UTC")).Code);
        Assert.Equal(0, (await CommandLineTests.RunProcessAsync(temp.Path, dbPath, "a-long-password\n", "users", "add", "--email", "kill@newsroom.test", "--name", "Kill", "--role", "editor", "--desk", "world")).Code);
        var token = (await CommandLineTests.RunProcessAsync(temp.Path, dbPath, "", "tokens", "create", "--email", "kill@newsroom.test", "--name", "burst")).Output.Trim();

        var port = FreePort();
        using var app = StartApp(temp.Path, dbPath, port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await WaitUntilHealthyAsync(http, app);

        var acknowledged = new ConcurrentBag<string>();
        var enoughWritten = new TaskCompletionSource();
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < MostWritesEach; i++)
            {
                var statement = $"Burst claim {writer}-{i}: ISIS says it captured soldiers";
                try
                {
                    var response = await http.PostAsJsonAsync("/api/v1/claims", ApiJson.NewClaim("world", statement));
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged.Add(statement);
                        if (acknowledged.Count >= 100)
                        {
                            enoughWritten.TrySetResult();
                        }
                    }
                }
                catch (HttpRequestException)
                {
                    return;
                }
            }
        })).ToList();

        // Killed while the writers are still sending: a hundred acknowledged, many more in flight.
        await Task.WhenAny(enoughWritten.Task, Task.WhenAll(writers));
        app.Kill(entireProcessTree: true);
        await app.WaitForExitAsync();
        await Task.WhenAll(writers);

        Assert.True(acknowledged.Count >= 100, $"only {acknowledged.Count} claims were acknowledged before the kill");
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={dbPath};Pooling=false"))
        {
            await connection.OpenAsync();
            var stored = (await connection.QueryAsync<string>("SELECT statement FROM claims")).ToHashSet();
            var lost = acknowledged.Where(statement => !stored.Contains(statement)).ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged claims were lost, e.g. {lost.FirstOrDefault()}");
        }

        var verify = await CommandLineTests.RunProcessAsync(temp.Path, dbPath, "", "audit", "verify");
        Assert.True(verify.Code == 0, verify.Output + verify.Error);
        Assert.Contains("Audit chain intact", verify.Output);
    }

    private static Process StartApp(string folder, string dbPath, int port)
    {
        var start = CommandLineTests.AppProcess(
            folder,
            dbPath,
            new Dictionary<string, string> { ["Jobs__Enabled"] = "false", ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" },
            ["--contentRoot", AppContext.BaseDirectory]);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilHealthyAsync(HttpClient http, Process app)
    {
        for (var attempt = 0; attempt < 300 && !app.HasExited; attempt++)
        {
            try
            {
                if ((await http.GetAsync("/healthz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        Assert.Fail(app.HasExited ? $"the app exited with {app.ExitCode}" : "the app did not become healthy");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
