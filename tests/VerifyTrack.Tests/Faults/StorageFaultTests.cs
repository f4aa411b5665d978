using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Shared;

namespace VerifyTrack.Tests.Faults;

/// <summary>
/// The unlucky operator's day: a full disk, a lock held by another process. Each write that cannot be stored is
/// refused plainly (503), nothing acknowledged is lost, and writing works again as soon as the cause is gone.
/// Run alone with <c>dotnet test --filter "FullyQualifiedName~Faults"</c>; in the whole suite they run by
/// themselves, after the rest, so no other test's load or pool clearing meets a disk being filled.
/// </summary>
[Collection(StorageFaultsCollection.Name)]
public sealed class StorageFaultTests
{
    [Fact]
    public async Task DatabaseAtItsSizeLimit_WritesAre503AndHealthIs503_EarlierClaimsStay_AndAllRecoverWhenSpaceReturns()
    {
        await using var app = new AppFactory();
        var desk = await app.CreateDeskAsync("full");
        var api = app.ApiClient((await app.CreateUserAsync("editor", desk)).Token);
        var client = app.CreateClient();
        await api.CreateClaimAsync(desk, "Kept: ISIS says it captured two Russian soldiers");
        var database = app.Get<Database>();
        await CapTheWriterAsync(database, atCurrentSize: true);

        var refused = await api.PostAsJsonAsync("/api/v1/claims", BigClaim(desk, "Refused: the disk is full"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("30", refused.Headers.RetryAfter?.ToString());
        var problem = await refused.ReadObjectAsync();
        Assert.Equal("Storage unavailable", problem.Str("title"));
        Assert.Contains("disk is full", problem.Str("detail"), StringComparison.Ordinal);
        var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var healthBody = await health.ReadObjectAsync();
        Assert.Equal("writes failing", healthBody.Str("database"));
        Assert.Contains("disk is full", healthBody.Str("error"), StringComparison.Ordinal);

        await CapTheWriterAsync(database, atCurrentSize: false);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        await api.PostAsJsonAsync("/api/v1/claims", BigClaim(desk, "After: space returned")).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(["After: space returned", "Kept: ISIS says it captured two Russian soldiers"], (await StatementsAsync(app)).Order());
        Assert.True((await app.Get<AuditChainVerifier>().VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task DatabaseAtItsSizeLimit_AClaimPageWriteShowsAPageThatSaysSo()
    {
        await using var app = new AppFactory();
        var desk = await app.CreateDeskAsync("full-page");
        var user = await app.CreateUserAsync("editor", desk);
        var claim = await app.ApiClient(user.Token).CreateClaimAsync(desk);
        var browser = await FormClient.SignedInAsync(app, user);
        await CapTheWriterAsync(app.Get<Database>(), atCurrentSize: true);

        var response = await browser.PostFormAsync($"/claims/{claim.Id()}", $"/claims/{claim.Id()}/review",
            ("Review.Version", claim.Version().ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Review.Note", new string('n', 4000)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("could not be saved", page, StringComparison.Ordinal);
        Assert.Contains("disk is full", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatabaseAtItsSizeLimit_AnAdminCreatingAUser_GetsThePageThatSaysSo_NothingIsStored_AndTheSameFormSucceedsOnceSpaceReturns()
    {
        await using var app = new AppFactory();
        var desk = await app.CreateDeskAsync("full-admin");
        var admin = await FormClient.SignedInAsync(app, await app.CreateUserAsync("admin", desk));
        var database = app.Get<Database>();
        await CapTheWriterAsync(database, atCurrentSize: true);

        // The first user whose rows need a page more than the file has left is refused; those before fitted.
        var (refused, email) = await FirstRefusedAsync(n =>
        {
            var address = $"full-{n}@newsroom.test";
            return (admin.PostFormAsync("/admin", "/admin/users", NewUserFields(address, desk)), address);
        });

        await AssertStorageUnavailablePageAsync(app, refused);
        await using (var connection = await database.OpenAsync())
        {
            Assert.Null(await app.Get<UserStore>().FindByEmailAsync(email));
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_events WHERE details ->> '$.email' = @email", new { email }));
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM user_desks WHERE user_id NOT IN (SELECT id FROM users)"));
        }

        await CapTheWriterAsync(database, atCurrentSize: false);

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin", "/admin/users", NewUserFields(email, desk))).StatusCode);
        await app.CreateClient().GetAsync("/healthz").ExpectAsync(HttpStatusCode.OK);
        Assert.NotNull(await app.Get<UserStore>().FindByEmailAsync(email));
        Assert.True((await app.Get<AuditChainVerifier>().VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task DatabaseAtItsSizeLimit_AnAdminCreatingADesk_GetsThePageThatSaysSo_NothingIsStored_AndTheSameFormSucceedsOnceSpaceReturns()
    {
        await using var app = new AppFactory();
        var admin = await FormClient.SignedInAsync(app, await app.CreateUserAsync("admin"));
        var database = app.Get<Database>();
        await CapTheWriterAsync(database, atCurrentSize: true);

        var (refused, slug) = await FirstRefusedAsync(n =>
        {
            var name = $"d{n}-full";
            return (admin.PostFormAsync("/admin", "/admin/desks", NewDeskFields(name)), name);
        });

        await AssertStorageUnavailablePageAsync(app, refused);
        await using (var connection = await database.OpenAsync())
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM desks WHERE slug = @slug", new { slug }));
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_events WHERE details ->> '$.slug' = @slug", new { slug }));
        }

        await CapTheWriterAsync(database, atCurrentSize: false);

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin", "/admin/desks", NewDeskFields(slug))).StatusCode);
        await app.CreateClient().GetAsync("/healthz").ExpectAsync(HttpStatusCode.OK);
        Assert.NotNull((await app.Get<VerifyTrack.Web.Desks.DeskStore>().ListAsync()).SingleOrDefault(d => d.Slug == slug));
        Assert.True((await app.Get<AuditChainVerifier>().VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task LockHeldByAnotherProcessPastTheBusyTimeout_WriteIs503WhileTheLockIsStillHeld_ThenSucceeds()
    {
        await using var app = new AppFactory();
        app.Settings["Database:BusyTimeoutMilliseconds"] = "200";
        var desk = await app.CreateDeskAsync("locked");
        var api = app.ApiClient((await app.CreateUserAsync("editor", desk)).Token);
        await api.CreateClaimAsync(desk);

        await using (var other = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=false"))
        {
            await other.OpenAsync();
            await other.ExecuteAsync("BEGIN IMMEDIATE");
            var write = api.PostAsJsonAsync("/api/v1/claims", ApiJson.NewClaim(desk, "Written behind a held lock"));

            // Without a bound the write would wait for Microsoft.Data.Sqlite's 30 s default; the lock is let go
            // after 25 s either way, and a write that then succeeded would fail the status check below.
            var first = await Task.WhenAny(write, Task.Delay(TimeSpan.FromSeconds(25)));
            await other.ExecuteAsync("ROLLBACK");

            Assert.Same(write, first);
            var problem = await write.ExpectAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Contains("lock", problem.Str("detail"), StringComparison.Ordinal);
        }

        await api.PostAsJsonAsync("/api/v1/claims", ApiJson.NewClaim(desk, "Written once the lock was gone")).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(2, (await StatementsAsync(app)).Count);
    }

    /// <summary>A real full file system: a small tmpfs that the test mounts (CI and the test command run as root).</summary>
    [Fact]
    public async Task FullFileSystem_WritesAre503_UntilSpaceReturns_AndEveryAcknowledgedClaimIsKept()
    {
        var mount = Path.Combine(Path.GetTempPath(), "verifytrack-tests", "tmpfs-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(mount);
        await RunAsync("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mount);
        try
        {
            var acknowledged = new List<string>();
            await using (var app = AppFactory.OnFolder(mount))
            {
                var desk = await app.CreateDeskAsync("tmpfs");
                var api = app.ApiClient((await app.CreateUserAsync("editor", desk)).Token);
                var client = app.CreateClient();
                var ballast = Path.Combine(mount, "ballast.bin");
                // Freed, it must hold what the log has not yet written into the database file, which closing the app
                // writes there: with each claim also in the similar-claims index (migration 0012), 1 MiB no longer does.
                await File.WriteAllBytesAsync(ballast, new byte[2 * 1024 * 1024]);

                HttpResponseMessage? refused = null;
                for (var i = 0; i < 5000 && refused is null; i++)
                {
                    var statement = $"Claim {i}: ISIS says it captured soldiers near Deir ez-Zor";
                    var response = await api.PostAsJsonAsync("/api/v1/claims", BigClaim(desk, statement));
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged.Add(statement);
                    }
                    else
                    {
                        refused = response;
                    }
                }

                Assert.True(refused is not null, $"6 MiB filled without a refusal ({acknowledged.Count} claims written)");
                Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)refused.StatusCode}: {await refused.Content.ReadAsStringAsync()}");
                Assert.Equal("Storage unavailable", (await refused.ReadObjectAsync()).Str("title"));

                File.Delete(ballast);

                app.Clock.Advance(WriteHealth.ProbeInterval);
                await client.GetAsync("/healthz").ExpectAsync(HttpStatusCode.OK);
                await api.PostAsJsonAsync("/api/v1/claims", ApiJson.NewClaim(desk, "After: space returned")).ExpectAsync(HttpStatusCode.Created);
                acknowledged.Add("After: space returned");
                Assert.True((await app.Get<AuditChainVerifier>().VerifyAsync()).IsIntact);
            }

            SqliteConnection.ClearAllPools();
            await using var restarted = AppFactory.OnFolder(mount);
            Assert.Equal(acknowledged.Order(), (await StatementsAsync(restarted)).Order());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            await RunAsync("umount", "-l", mount);
            Directory.Delete(mount, recursive: true);
        }
    }

    /// <summary>Submits forms until one is not a redirect (stored); each row as large as the form allows, to fill pages fast.</summary>
    private static async Task<(HttpResponseMessage Response, string Key)> FirstRefusedAsync(Func<int, (Task<HttpResponseMessage> Post, string Key)> submit)
    {
        for (var n = 0; n < 500; n++)
        {
            var (post, key) = submit(n);
            var response = await post;
            if (response.StatusCode != HttpStatusCode.Redirect)
            {
                return (response, key);
            }
        }

        throw new InvalidOperationException("500 forms were stored in a file at its size limit.");
    }

    private static async Task AssertStorageUnavailablePageAsync(AppFactory app, HttpResponseMessage refused)
    {
        var page = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)refused.StatusCode}: {page}");
        Assert.Equal("30", refused.Headers.RetryAfter?.ToString());
        Assert.Contains("could not be saved", page, StringComparison.Ordinal);
        Assert.Contains("disk is full", page, StringComparison.Ordinal);
        await KeepTheWriterFullAsync(app.Get<Database>());
        var health = await app.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("writes failing", (await health.ReadObjectAsync()).Str("database"));
    }

    private static (string, string)[] NewUserFields(string email, string desk) =>
    [
        ("NewUser.Email", email), ("NewUser.Name", new string('N', TextRules.NameMax)), ("NewUser.Role", "editor"),
        ("NewUser.Password", "a-long-password"), ("NewUser.Desks", desk),
    ];

    private static (string, string)[] NewDeskFields(string slug) =>
        [("NewDesk.Slug", slug), ("NewDesk.Name", new string('D', TextRules.NameMax)), ("NewDesk.TimeZone", "Europe/London")];

    private static object BigClaim(string desk, string statement) => new
    {
        statement,
        claimant = "Amaq",
        summary = new string('s', 4000),
        desk,
        priority = "high",
        firstAppearance = new { url = "https://example.org/a", outlet = "Reuters", headline = "Headline", publishedAt = "2017-10-05", excerpt = new string('e', 4000) },
    };

    /// <summary>
    /// SQLite answers SQLITE_FULL once a connection's file would grow past max_page_count, as on a full disk; the
    /// limit belongs to the writer's connection, so every write the app makes meets it until it is lifted.
    /// </summary>
    private static Task CapTheWriterAsync(Database database, bool atCurrentSize) =>
        database.WriteAsync(async write =>
        {
            var pages = atCurrentSize ? await write.Connection.ExecuteScalarAsync<long>("PRAGMA page_count", transaction: write.Transaction) : int.MaxValue;
            await write.Connection.ExecuteAsync($"PRAGMA max_page_count = {pages}", transaction: write.Transaction);
            write.Commit();
            return pages;
        });

    /// <summary>
    /// A full disk stays full when the writer opens a new connection, but the cap does not: when SQLite rolls back a
    /// whole transaction (a one-row insert has no statement journal to roll back alone), the writer replaces its
    /// connection. This caps the new one in a write that fails as a full disk would, so nothing tells the health check
    /// that writes succeed again.
    /// </summary>
    private static Task KeepTheWriterFullAsync(Database database) =>
        Assert.ThrowsAsync<StorageUnavailableException>(() => database.WriteAsync<long>(async write =>
        {
            var pages = await write.Connection.ExecuteScalarAsync<long>("PRAGMA page_count", transaction: write.Transaction);
            await write.Connection.ExecuteAsync($"PRAGMA max_page_count = {pages}", transaction: write.Transaction);
            throw new SqliteException("database or disk is full", 13);
        }));

    private static async Task<List<string>> StatementsAsync(AppFactory app)
    {
        await using var connection = await app.Get<Database>().OpenAsync();
        return (await connection.QueryAsync<string>("SELECT statement FROM claims")).AsList();
    }

    private static async Task RunAsync(string command, params string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', args)} failed (this test mounts a tmpfs and needs root): {error}");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StorageFaultsCollection
{
    public const string Name = "Storage faults";
}

public sealed class WriteHealthTests
{
    [Fact]
    public void TryStartProbe_AllowsOneProbePerInterval()
    {
        var health = new WriteHealth();
        var start = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

        Assert.True(health.TryStartProbe(start));
        Assert.False(health.TryStartProbe(start));
        Assert.False(health.TryStartProbe(start + WriteHealth.ProbeInterval - TimeSpan.FromMilliseconds(1)));
        Assert.True(health.TryStartProbe(start + WriteHealth.ProbeInterval));
    }

    [Fact]
    public void Failed_RecordsOnlyStorageFaults_AndSucceededClearsThem()
    {
        var health = new WriteHealth();

        health.Failed(new InvalidOperationException("a bug, not the disk"));
        Assert.Null(health.Fault);

        health.Failed(new Microsoft.Data.Sqlite.SqliteException("database or disk is full", 13));
        Assert.Equal("the disk is full.", health.Fault);

        health.Succeeded();
        Assert.Null(health.Fault);
    }
}
