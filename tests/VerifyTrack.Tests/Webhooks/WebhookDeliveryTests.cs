using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Infrastructure.Jobs;

namespace VerifyTrack.Tests.Webhooks;

/// <summary>Deliveries to a real receiver on loopback, sent by the webhook-sender job; each test has its own app and receiver.</summary>
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private readonly WebhookReceiver _receiver = new();
    private string _desk = "";
    private TestUser _admin = null!;
    private TestUser _editor = null!;

    public Task InitializeAsync()
    {
        _receiver.Start();
        return Task.CompletedTask;
    }

    /// <summary>Starts the app with the receiver on loopback allowed, a short timeout and a test's own settings.</summary>
    private async Task StartAppAsync(params (string Key, string Value)[] settings)
    {
        _app.Settings["Webhooks:AllowPrivateNetworks"] = "true";
        _app.Settings["Webhooks:TimeoutSeconds"] = "1";
        foreach (var (key, value) in settings)
        {
            _app.Settings[key] = value;
        }

        _desk = await _app.CreateDeskAsync("security");
        _admin = await _app.CreateUserAsync(Roles.Admin);
        _editor = await _app.CreateUserAsync(Roles.Editor, _desk);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task ClaimCreatedAndStateChanged_AreDeliveredSigned_WithTheEditorsApiClaimAndTheChange()
    {
        await StartAppAsync();
        var (_, secret) = await RegisterAsync(["claim.created", "claim.state_changed"]);
        var editor = _app.ApiClient(_editor.Token);
        var claim = await editor.CreateClaimAsync(_desk);
        Assert.Equal("1 delivered, 0 to retry, 0 dead", await RunSenderAsync());

        var created = Assert.Single(_receiver.Requests);
        Assert.Equal(("POST", "/hooks/verifytrack"), (created.Method, created.Path));
        Assert.StartsWith("application/json", created.Header("Content-Type"));
        Assert.Equal("claim.created", created.Header("X-VerifyTrack-Event"));
        Assert.Equal(_app.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), created.Header("X-VerifyTrack-Timestamp"));
        Assert.True(WebhookReceiver.IsSigned(created, secret), "the signature checks out with the secret");
        Assert.False(WebhookReceiver.IsSigned(created, secret + "0"), "and not with another secret");
        var payload = JsonNode.Parse(created.Body)!.AsObject();
        Assert.Equal(created.Header("X-VerifyTrack-Delivery"), payload.Str("id"));
        Assert.Matches("^evt_[0-9a-f]{32}$", payload.Str("id"));
        Assert.Equal("claim.created", payload.Str("type"));
        Assert.Equal("2026-11-02T09:00:00Z", payload.Str("occurredAt"));
        var asTheApiShowsIt = await editor.GetAsync($"/api/v1/claims/{claim.Id()}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(asTheApiShowsIt.ToJsonString(), payload["claim"]!.ToJsonString());
        Assert.Equal(_editor.Email, payload["change"]!["actor"]!["name"]!.GetValue<string>());
        Assert.Equal("Islamic State / Amaq", payload["change"]!.AsObject().Str("claimant"));

        var denied = await editor.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/transitions",
            new { to = "denied", note = "Moscow denied it.", deniedBy = "Russian Defence Ministry", version = claim.Version() }).ExpectAsync(HttpStatusCode.OK);
        await RunSenderAsync();

        var changed = _receiver.Requests[1];
        Assert.Equal("claim.state_changed", changed.Header("X-VerifyTrack-Event"));
        Assert.True(WebhookReceiver.IsSigned(changed, secret));
        var change = JsonNode.Parse(changed.Body)!.AsObject();
        Assert.NotEqual(payload.Str("id"), change.Str("id"));
        Assert.Equal(("unverified", "denied", "Russian Defence Ministry"),
            (change["change"]!.AsObject().Str("from"), change["change"]!.AsObject().Str("to"), change["change"]!.AsObject().Str("deniedBy")));
        Assert.Equal(denied.ToJsonString(), change["claim"]!.ToJsonString());
    }

    [Fact]
    public async Task EndpointForOneDesk_GetsOnlyThatDesksClaims_AndOnlyTheEventsItAskedFor()
    {
        await StartAppAsync();
        var other = await _app.CreateDeskAsync("world");
        await _app.JoinDeskAsync(_editor, other);
        await RegisterAsync(["claim.published"], desk: other);
        var editor = _app.ApiClient(_editor.Token);
        var onSecurity = await editor.CreateClaimAsync(_desk);
        await editor.PostAsJsonAsync($"/api/v1/claims/{onSecurity.Id()}/publish", new { version = onSecurity.Version() }).ExpectAsync(HttpStatusCode.OK);
        var onWorld = await editor.CreateClaimAsync(other, "Video shows a drone strike on a convoy near Raqqa");
        await editor.PostAsJsonAsync($"/api/v1/claims/{onWorld.Id()}/publish", new { version = onWorld.Version() }).ExpectAsync(HttpStatusCode.OK);

        await RunSenderAsync();

        var published = Assert.Single(_receiver.Requests);
        Assert.Equal("claim.published", published.Header("X-VerifyTrack-Event"));
        Assert.Equal(onWorld.Id(), JsonNode.Parse(published.Body)!["claim"]!["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task ReceiverDown_IsRetriedWithBackOff_AndDeliveredOnceWhenItIsBack()
    {
        await StartAppAsync();
        await RegisterAsync(["claim.created"]);
        await _receiver.StopAsync();
        await _app.ApiClient(_editor.Token).CreateClaimAsync(_desk);

        Assert.Equal("0 delivered, 1 to retry, 0 dead", await RunSenderAsync());
        var first = await DeliveryAsync();
        Assert.Equal(("pending", 1), (first.State, first.Attempts));
        Assert.Equal(_app.Clock.GetUtcNow().AddSeconds(30), first.NextAttemptAt);
        Assert.Contains("refused", first.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("0 delivered, 0 to retry, 0 dead", await RunSenderAsync());

        _app.Clock.Advance(TimeSpan.FromSeconds(30));
        await RunSenderAsync();
        Assert.Equal(_app.Clock.GetUtcNow().AddSeconds(60), (await DeliveryAsync()).NextAttemptAt);

        _receiver.Start();
        _app.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal("1 delivered, 0 to retry, 0 dead", await RunSenderAsync());
        _app.Clock.Advance(TimeSpan.FromHours(2));
        await RunSenderAsync();

        Assert.Single(_receiver.Requests);
        var delivered = await DeliveryAsync();
        Assert.Equal(("delivered", 3, 200, "ok"), (delivered.State, delivered.Attempts, delivered.ResponseStatus, delivered.ResponseBody));
    }

    [Fact]
    public async Task ServerError_IsRetried_ThenDelivered_AndDeadOnceTheAttemptsRunOut()
    {
        await StartAppAsync(("Webhooks:MaxAttempts", "3"));
        await RegisterAsync(["claim.created"]);
        var answers = new Queue<int>([500, 503, 200]);
        _receiver.Respond = _ => (answers.Dequeue(), "busy");
        var editor = _app.ApiClient(_editor.Token);
        await editor.CreateClaimAsync(_desk);

        Assert.Equal("0 delivered, 1 to retry, 0 dead", await RunSenderAsync());
        Assert.Equal((500, "busy", "500 Internal Server Error"), ((await DeliveryAsync()).ResponseStatus, (await DeliveryAsync()).ResponseBody, (await DeliveryAsync()).LastError));
        _app.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("0 delivered, 1 to retry, 0 dead", await RunSenderAsync());
        _app.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal("1 delivered, 0 to retry, 0 dead", await RunSenderAsync());
        Assert.Equal(3, _receiver.Requests.Count);
        Assert.Single(_receiver.Unique);

        _receiver.Respond = _ => (500, "still broken");
        await editor.CreateClaimAsync(_desk, "A second claim that will never get through");
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await RunSenderAsync();
            _app.Clock.Advance(TimeSpan.FromHours(2));
        }

        var dead = await DeliveryAsync(newest: true);
        Assert.Equal(("dead", 3, 500), (dead.State, dead.Attempts, dead.ResponseStatus));
        await RunSenderAsync();
        Assert.Equal(6, _receiver.Requests.Count);
    }

    [Fact]
    public async Task Gone410_KillsTheDeliveryAndDisablesTheEndpoint_Audited_AndNothingMoreIsQueuedForIt()
    {
        await StartAppAsync();
        var (id, _) = await RegisterAsync(["claim.created"]);
        _receiver.Respond = _ => (410, "unsubscribed");
        var editor = _app.ApiClient(_editor.Token);
        await editor.CreateClaimAsync(_desk);

        Assert.Equal("0 delivered, 0 to retry, 1 dead, 1 endpoints disabled (410 Gone)", await RunSenderAsync());

        var endpoint = await _app.ApiClient(_admin.Token).GetAsync($"/api/v1/webhooks/{id}").ExpectAsync(HttpStatusCode.OK);
        Assert.False(endpoint["isEnabled"]!.GetValue<bool>());
        Assert.Contains("410", endpoint.Str("disabledReason"));
        Assert.Equal("dead", (await DeliveryAsync()).State);
        await using (var connection = await _app.Get<Database>().OpenAsync())
        {
            Assert.Equal("system", await connection.ExecuteScalarAsync<string>("SELECT actor FROM audit_events WHERE kind = 'webhook.disabled'"));
        }

        await editor.CreateClaimAsync(_desk, "A claim after the receiver left");
        _app.Clock.Advance(TimeSpan.FromHours(1));
        await RunSenderAsync();
        Assert.Single(_receiver.Requests);
        Assert.Equal(1, await CountDeliveriesAsync());
    }

    [Fact]
    public async Task RedirectAndOther4xx_AreDeadAtOnce_AndNotFollowed()
    {
        await StartAppAsync();
        await RegisterAsync(["claim.created"]);
        var answers = new Queue<int>([302, 404]);
        _receiver.Respond = _ => (answers.Dequeue(), "nope");
        var editor = _app.ApiClient(_editor.Token);
        await editor.CreateClaimAsync(_desk);
        await editor.CreateClaimAsync(_desk, "Another claim for the same endpoint");

        Assert.Equal("0 delivered, 0 to retry, 2 dead", await RunSenderAsync());
        Assert.Equal(2, _receiver.Requests.Count);
        Assert.Contains("redirects are not followed", (await DeliveryAsync()).LastError);
    }

    [Fact]
    public async Task RolledBackChange_SendsNothing()
    {
        await StartAppAsync();
        await RegisterAsync(WebhookEventsAll);
        var elsewhere = await _app.CreateDeskAsync("elsewhere");
        var actor = new Actor(_editor.Id, _editor.Email);
        var commands = _app.Get<ClaimCommands>();

        // The first claim is inserted (and its delivery queued) before the second is refused: the whole transaction rolls back.
        var results = await commands.CreateFromArticleAsync(
        [
            new NewClaimFromArticle(Article(_desk, "ISIS says it captured two Russian soldiers in Deir Ezzor"), null),
            new NewClaimFromArticle(Article(elsewhere, "A claim on a desk the editor is not on"), null),
        ], actor);
        Assert.Equal([WriteStatus.Ok, WriteStatus.Forbidden], results.Select(r => r.Status));

        // A stale version is refused too, after the claim is read in the write transaction.
        var claim = await _app.ApiClient(_editor.Token).CreateClaimAsync(_desk);
        await _app.ApiClient(_editor.Token).PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/transitions",
            new { to = "denied", note = "n", deniedBy = "Moscow", version = claim.Version() + 5 }).ExpectAsync(HttpStatusCode.Conflict);

        await RunSenderAsync();
        var only = Assert.Single(_receiver.Requests);
        Assert.Equal(claim.Id(), JsonNode.Parse(only.Body)!["claim"]!["id"]!.GetValue<long>());
        Assert.Equal(1, await CountDeliveriesAsync());
    }

    [Fact]
    public async Task AnswerAfterTheTimeout_IsSentAgainWithTheSameDeliveryId_SoTheReceiverDeduplicates()
    {
        await StartAppAsync();
        var (_, secret) = await RegisterAsync(["claim.created"]);
        _receiver.Delay = TimeSpan.FromSeconds(2);
        await _app.ApiClient(_editor.Token).CreateClaimAsync(_desk);

        Assert.Equal("0 delivered, 1 to retry, 0 dead", await RunSenderAsync());
        Assert.Contains("No answer within 1 seconds", (await DeliveryAsync()).LastError);
        _receiver.Delay = TimeSpan.Zero;
        _app.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("1 delivered, 0 to retry, 0 dead", await RunSenderAsync());

        Assert.Equal(2, _receiver.Requests.Count);
        Assert.Equal(_receiver.Requests[0].Header("X-VerifyTrack-Delivery"), _receiver.Requests[1].Header("X-VerifyTrack-Delivery"));
        Assert.Equal(_receiver.Requests[0].Body, _receiver.Requests[1].Body);
        Assert.True(WebhookReceiver.IsSigned(_receiver.Requests[1], secret));
        Assert.Single(_receiver.Unique);
    }

    [Fact]
    public async Task OneEventForTwoEndpoints_HasOneDeliveryIdForBoth()
    {
        await StartAppAsync();
        await RegisterAsync(["claim.created"]);
        await RegisterAsync(["claim.created"]);
        await _app.ApiClient(_editor.Token).CreateClaimAsync(_desk);

        Assert.Equal("2 delivered, 0 to retry, 0 dead", await RunSenderAsync());
        Assert.Single(_receiver.Requests.Select(r => r.Header("X-VerifyTrack-Delivery")).Distinct());
    }

    [Fact]
    public async Task SlackFormat_PostsOneLineWithStateStatementActorAndLink()
    {
        await StartAppAsync();
        await RegisterAsync(["claim.state_changed", "claim.assigned"], format: "slack");
        var editor = _app.ApiClient(_editor.Token);
        var claim = await editor.CreateClaimAsync(_desk, "ISIS says <!channel> it captured two Russian soldiers & a tank");
        var denied = await editor.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/transitions",
            new { to = "denied", note = "Moscow denied it.", deniedBy = "Russian Defence Ministry", version = claim.Version() }).ExpectAsync(HttpStatusCode.OK);
        await editor.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/assignment", new { assignee = _editor.Email, version = denied.Version() }).ExpectAsync(HttpStatusCode.OK);

        await RunSenderAsync();

        Assert.Equal(2, _receiver.Requests.Count);
        Assert.Equal(
            $"Now denied (was unverified) on SECURITY: “ISIS says &lt;!channel&gt; it captured two Russian soldiers &amp; a tank” by {_editor.Email} · #{claim.Id()} http://localhost:5000/claims/{claim.Id()}",
            JsonNode.Parse(_receiver.Requests[0].Body)!["text"]!.GetValue<string>());
        Assert.StartsWith($"Assigned to {_editor.Email} (denied) on SECURITY: ", JsonNode.Parse(_receiver.Requests[1].Body)!["text"]!.GetValue<string>());
        Assert.Single(JsonNode.Parse(_receiver.Requests[0].Body)!.AsObject());
    }

    [Fact]
    public async Task StaleClaimEscalatedToItsDeskLead_IsDelivered()
    {
        await StartAppAsync(("Reminders:EscalateAfter", "0"));
        await _app.CreateUserAsync(Roles.DeskLead, _desk);
        await RegisterAsync(["claim.escalated"], format: "slack");
        var claim = await _app.ApiClient(_editor.Token).CreateClaimAsync(_desk, priority: "urgent");

        _app.Clock.Advance(TimeSpan.FromHours(1.5));
        var run = await _app.Get<JobRunner>().RunAsync("stale-reminders", "test");
        Assert.Equal("0 reminders and 1 escalations, 1 messages queued", run.Summary);
        await RunSenderAsync();

        var escalated = Assert.Single(_receiver.Requests);
        Assert.Equal("claim.escalated", escalated.Header("X-VerifyTrack-Event"));
        Assert.Equal(
            $"Escalated to the SECURITY desk lead, overdue by 30 min (unverified): “ISIS says it captured two Russian soldiers in Deir Ezzor” · #{claim.Id()} http://localhost:5000/claims/{claim.Id()}",
            JsonNode.Parse(escalated.Body)!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Housekeeping_PrunesOldDeliveredEvents_AndKeepsDeadOnes()
    {
        await StartAppAsync();
        await RegisterAsync(["claim.created"]);
        var answers = new Queue<int>([200, 404]);
        _receiver.Respond = _ => (answers.Dequeue(), "");
        var editor = _app.ApiClient(_editor.Token);
        await editor.CreateClaimAsync(_desk);
        await editor.CreateClaimAsync(_desk, "A claim whose delivery dies");
        Assert.Equal("1 delivered, 0 to retry, 1 dead", await RunSenderAsync());

        _app.Clock.Advance(TimeSpan.FromDays(31));
        var run = await _app.Get<JobRunner>().RunAsync("housekeeping", "test");

        Assert.Contains("1 delivered webhook events", run.Summary);
        Assert.Equal(("dead", 1), ((await DeliveryAsync()).State, await CountDeliveriesAsync()));
    }

    private static readonly string[] WebhookEventsAll = ["claim.created", "claim.state_changed", "claim.published", "claim.unpublished", "claim.escalated", "claim.assigned"];

    private static CreateClaimInput Article(string desk, string statement) => new(
        statement, "Islamic State / Amaq", null, desk, "high",
        new AppearanceInput("https://example.org/2017/10/moscow-denies", "The Foreign Desk", "Moscow Denies Islamic State Captured Two Russian Soldiers",
            new DateTimeOffset(2017, 10, 5, 9, 0, 0, TimeSpan.Zero), null, "en"));

    private async Task<(long Id, string Secret)> RegisterAsync(string[] events, string format = "json", string? desk = null)
    {
        var created = await _app.ApiClient(_admin.Token)
            .PostAsJsonAsync("/api/v1/webhooks", new { url = _receiver.Url, events, format, desk })
            .ExpectAsync(HttpStatusCode.Created);
        return (created.Id(), created.Str("secret"));
    }

    private async Task<string?> RunSenderAsync()
    {
        var run = await _app.Get<JobRunner>().RunAsync("webhook-sender", "test");
        Assert.True(run.Outcome == JobOutcomes.Succeeded, run.Error);
        return run.Summary;
    }

    private sealed class DeliveryRow
    {
        public string State { get; init; } = "";
        public int Attempts { get; init; }
        public DateTimeOffset NextAttemptAt { get; init; }
        public string? LastError { get; init; }
        public int? ResponseStatus { get; init; }
        public string? ResponseBody { get; init; }
    }

    private async Task<DeliveryRow> DeliveryAsync(bool newest = false)
    {
        await using var connection = await _app.Get<Database>().OpenAsync();
        return await connection.QueryFirstAsync<DeliveryRow>(
            $"SELECT state, attempts, next_attempt_at, last_error, response_status, response_body FROM webhook_deliveries ORDER BY id {(newest ? "DESC" : "ASC")}");
    }

    private async Task<int> CountDeliveriesAsync()
    {
        await using var connection = await _app.Get<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM webhook_deliveries");
    }
}
