using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Infrastructure.Jobs;

namespace VerifyTrack.Tests.Webhooks;

/// <summary>The webhooks API with private networks refused, as in production.</summary>
public sealed class WebhooksApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string PublicUrl = "https://93.184.215.14/hooks";

    [Fact]
    public async Task AdminRegistersListsAndRemoves_SecretOnlyInTheRegistrationAnswer_StoredEncrypted()
    {
        var admin = app.ApiClient((await app.CreateUserAsync(Roles.Admin)).Token);
        var desk = await app.CreateDeskAsync("api-world");

        var response = await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = PublicUrl, events = new[] { "claim.state_changed", "claim.created" }, desk });
        var created = await Task.FromResult(response).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/webhooks/{created.Id()}", response.Headers.Location?.OriginalString);
        Assert.Matches("^whsec_[0-9a-f]{64}$", created.Str("secret"));
        Assert.Equal(("json", desk, true), (created.Str("format"), created.Str("desk"), created["isEnabled"]!.GetValue<bool>()));
        Assert.Equal(["claim.created", "claim.state_changed"], created["events"]!.AsArray().Select(e => e!.GetValue<string>()));

        var list = await admin.GetAsync("/api/v1/webhooks").ExpectAsync(HttpStatusCode.OK);
        var listed = Assert.Single(list["items"]!.AsArray(), i => i!["id"]!.GetValue<long>() == created.Id())!.AsObject();
        Assert.False(listed.ContainsKey("secret"));
        Assert.Equal(PublicUrl, listed.Str("url"));
        Assert.Empty((await admin.GetAsync($"/api/v1/webhooks/{created.Id()}/deliveries").ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray());

        await using (var connection = await app.Get<Database>().OpenAsync())
        {
            var stored = await connection.ExecuteScalarAsync<string>("SELECT secret_protected FROM webhook_endpoints WHERE id = @id", new { id = created.Id() });
            Assert.DoesNotContain(created.Str("secret")["whsec_".Length..], stored);
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM audit_events WHERE kind = 'webhook.created' AND details NOT LIKE '%whsec_%' AND details LIKE @url", new { url = $"%{PublicUrl}%" }));
        }

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/webhooks/{created.Id()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/v1/webhooks/{created.Id()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/webhooks/{created.Id()}/deliveries")).StatusCode);
    }

    [Fact]
    public async Task EditorsAndLeadsToken_Gets403_AndNoToken401()
    {
        var editor = app.ApiClient((await app.CreateUserAsync(Roles.Editor)).Token);
        var lead = app.ApiClient((await app.CreateUserAsync(Roles.DeskLead)).Token);
        foreach (var client in new[] { editor, lead })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/v1/webhooks", new { url = PublicUrl, events = new[] { "claim.created" } })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/webhooks")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync("/api/v1/webhooks/1")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/webhooks/1/deliveries")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/webhooks")).StatusCode);
    }

    [Theory]
    [InlineData("""{"events": ["claim.created"]}""", "url")]
    [InlineData("""{"url": "ftp://example.org/hook", "events": ["claim.created"]}""", "url")]
    [InlineData("""{"url": "https://user:pw@example.org/hook", "events": ["claim.created"]}""", "url")]
    [InlineData("""{"url": "https://93.184.215.14/hook"}""", "events")]
    [InlineData("""{"url": "https://93.184.215.14/hook", "events": []}""", "events")]
    [InlineData("""{"url": "https://93.184.215.14/hook", "events": ["claim.deleted"]}""", "events")]
    [InlineData("""{"url": "https://93.184.215.14/hook", "events": ["claim.created"], "format": "xml"}""", "format")]
    [InlineData("""{"url": "https://93.184.215.14/hook", "events": ["claim.created"], "desk": "no-such-desk"}""", "desk")]
    public async Task BadRegistration_Is400NamingTheField(string body, string field)
    {
        var admin = app.ApiClient((await app.CreateUserAsync(Roles.Admin)).Token);

        var problem = await admin.PostAsync("/api/v1/webhooks", new StringContent(body, Encoding.UTF8, "application/json")).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Theory]
    [InlineData("http://127.0.0.1/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://localhost:8080/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    [InlineData("http://10.1.2.3/")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://2130706433/")]
    [InlineData("https://[fd00:ec2::254]/")]
    public async Task PrivateAddresses_AreRefusedAtRegistration(string url)
    {
        var admin = app.ApiClient((await app.CreateUserAsync(Roles.Admin)).Token);

        var problem = await admin.PostAsJsonAsync("/api/v1/webhooks", new { url, events = new[] { "claim.created" } }).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Contains("may not reach", problem["errors"]!["url"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task EndpointOnLoopbackAddedBehindTheChecksBack_IsRefusedAtDelivery_AfterDns_AndGetsNothing()
    {
        await using var receiver = new WebhookReceiver().Start();
        var desk = await app.CreateDeskAsync("api-rebind");
        var editor = await app.CreateUserAsync(Roles.Editor, desk);

        // As if the name resolved to a public address at registration and to loopback now (DNS rebinding).
        await using (var connection = await app.Get<Database>().OpenAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO webhook_endpoints (url, format, events, secret_protected, created_at, updated_at)
                VALUES (@url, 'json', 'claim.created', @secret, '2026-11-02T09:00:00.000Z', '2026-11-02T09:00:00.000Z')
                """, new { url = $"http://localhost:{receiver.Port}/hooks", secret = app.Get<IDataProtectionProvider>().CreateProtector("VerifyTrack.Webhooks.Secret.v1").Protect("whsec_test") });
        }

        await app.ApiClient(editor.Token).CreateClaimAsync(desk);
        var run = await app.Get<JobRunner>().RunAsync("webhook-sender", "test");

        Assert.Equal("0 delivered, 0 to retry, 1 dead", run.Summary);
        Assert.Empty(receiver.Requests);
        await using (var connection = await app.Get<Database>().OpenAsync())
        {
            Assert.Contains("loopback", await connection.ExecuteScalarAsync<string>("SELECT last_error FROM webhook_deliveries WHERE state = 'dead'"));
            await connection.ExecuteAsync("DELETE FROM webhook_endpoints");
        }
    }
}
