using System.Net;
using Dapper;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Tests.Infrastructure;

public sealed class FirstRunTests
{
    [Fact]
    public async Task FirstRun_WithDemoSeed_LoadsClaimsInEveryStateOneUserPerRoleAndAnIntactChain_AndRestartDoesNotSeedAgain()
    {
        using var temp = new TempFolder();
        var folder = temp.Path;
        await using (var app = AppFactory.OnFolder(folder))
        {
            app.Settings["Demo:Seed"] = "true";
            var health = await app.CreateClient().GetAsync("/healthz").ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("healthy", health.Str("status"));
            Assert.Equal(MigrationRunner.LoadEmbedded().Count, health["migrations"]!["applied"]!.GetValue<int>());

            await using var connection = await app.Get<Database>().OpenAsync();
            Assert.Equal(["confirmed", "denied", "unverified"], await connection.QueryAsync<string>("SELECT DISTINCT state FROM claims ORDER BY state"));
            Assert.Equal(["admin", "desk_lead", "editor"], await connection.QueryAsync<string>("SELECT role FROM users ORDER BY role"));
            Assert.True(await connection.ExecuteScalarAsync<int>("SELECT COUNT(DISTINCT desk_id) FROM claims") >= 2);
            Assert.True(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM claims WHERE state = 'denied' AND denied_by IS NOT NULL") >= 1);
            Assert.True(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM claims WHERE is_published = 1") >= 1);
            Assert.True(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM claims WHERE review_due_at <= @now", new { now = app.Clock.GetUtcNow() }) >= 1);
            Assert.True((await app.Get<AuditChainVerifier>().VerifyAsync()).IsIntact);
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM users WHERE must_change_password = 1"));

            var editor = new FormClient(app);
            var signIn = await editor.SignInAsync("editor@verifytrack.example", "verifytrack-demo");
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.NotEqual("/account/password", signIn.Headers.Location!.OriginalString);
        }

        await using (var restarted = AppFactory.OnFolder(folder))
        {
            restarted.Settings["Demo:Seed"] = "true";
            await using var connection = await restarted.Get<Database>().OpenAsync();
            Assert.Equal(7, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM claims"));
        }
    }

    [Fact]
    public async Task Restart_WithChangedReviewWindows_RecomputesStoredDueTimes()
    {
        using var temp = new TempFolder();
        var folder = temp.Path;
        long claimId;
        DateTimeOffset createdAt;
        await using (var app = AppFactory.OnFolder(folder))
        {
            var desk = await app.CreateDeskAsync("world");
            var editor = await app.CreateUserAsync("editor", desk);
            var claim = await app.ApiClient(editor.Token).CreateClaimAsync(desk, priority: "normal");
            claimId = claim.Id();
            createdAt = app.Clock.GetUtcNow();
            Assert.Equal(createdAt.AddHours(24), claim["reviewDueAt"]!.GetValue<DateTimeOffset>());
        }

        await using (var restarted = AppFactory.OnFolder(folder))
        {
            restarted.Settings["ReviewWindows:Unverified:Normal"] = "06:00:00";
            var claim = await restarted.Get<VerifyTrack.Web.Claims.ClaimStore>().GetAsync(claimId);
            Assert.Equal(createdAt.AddHours(6), claim!.Claim.ReviewDueAt);
        }
    }

    [Theory]
    [InlineData("ReviewWindows:Denied", "-01:00:00", "ReviewWindows:Denied")]
    [InlineData("Accounts:MaxFailedSignIns", "0", "Accounts:MaxFailedSignIns")]
    [InlineData("Database:BusyTimeoutMilliseconds", "-1", "Database:BusyTimeoutMilliseconds")]
    [InlineData("Mail:AppBaseUrl", "ftp://verify.example.org", "Mail:AppBaseUrl")]
    [InlineData("Mail:AppBaseUrl", "verify.example.org", "Mail:AppBaseUrl")]
    [InlineData("PublicStatus:PublicBaseUrl", "javascript:alert(1)", "PublicStatus:PublicBaseUrl")]
    [InlineData("PublicStatus:OrganizationUrl", "mailto:desk@example.org", "PublicStatus:OrganizationUrl")]
    [InlineData("PublicStatus:Description", "Line one\nline two", "PublicStatus:Description")]
    public async Task Startup_BadConfiguration_FailsFastNamingTheKey(string key, string value, string named)
    {
        await using var app = new AppFactory();
        app.Settings[key] = value;

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var validation = Assert.IsType<OptionsValidationException>(error is AggregateException aggregate ? aggregate.InnerException : error);
        Assert.Contains(named, validation.Message);
    }
}
