using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Infrastructure.Jobs;

namespace VerifyTrack.Tests.Webhooks;

/// <summary>/admin/webhooks through the real pages, with antiforgery and a real receiver on loopback.</summary>
public sealed class WebhooksPageTests : IAsyncLifetime
{
    private const string Form = "form[action='/admin/webhooks']";
    private readonly AppFactory _app = new();
    private readonly WebhookReceiver _receiver = new();
    private string _desk = "";
    private FormClient _admin = null!;
    private TestUser _editor = null!;

    public async Task InitializeAsync()
    {
        _receiver.Start();
        _app.Settings["Webhooks:AllowPrivateNetworks"] = "true";
        _desk = await _app.CreateDeskAsync("security");
        _admin = await FormClient.SignedInAsync(_app, await _app.CreateUserAsync(Roles.Admin));
        _editor = await _app.CreateUserAsync(Roles.Editor, _desk);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Register_ShowsTheSecretOnce_AndTheListNever()
    {
        var (id, secret, response) = await RegisterAsync();

        Assert.Matches("^whsec_[0-9a-f]{64}$", secret);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var list = await _admin.GetPageAsync("/admin/webhooks");
        var section = list.QuerySelector($"#webhook-{id}")!;
        Assert.Contains(_receiver.Url, section.TextContent);
        Assert.Contains("claim.created, claim.state_changed", section.TextContent);
        Assert.Contains("desk security", section.TextContent);
        Assert.DoesNotContain(secret, list.Source.Text);
    }

    [Theory]
    [InlineData("ftp://example.org/hook", "claim.created", "Form.Url", "absolute http or https URL")]
    [InlineData("", "claim.created", "Form.Url", "url is required")]
    [InlineData("https://example.org/hook", null, "Form.Events", "events is required")]
    public async Task BadForm_Is400_WithTheErrorOnTheForm(string url, string? events, string field, string message)
    {
        var page = await _admin.GetPageAsync("/admin/webhooks");
        var fields = page.FormFields(Form).With("Form.Url", url);
        if (events is not null)
        {
            fields.Add(("Form.Events", events));
        }

        var response = await _admin.SubmitAsync(page, Form, fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.ReadHtmlAsync()).QuerySelector($"[data-valmsg-for='{field}']")!.TextContent;
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task OtherRoles_Get403()
    {
        var editor = await FormClient.SignedInAsync(_app, _editor);

        Assert.Equal(HttpStatusCode.Forbidden, (await editor.Http.GetAsync("/admin/webhooks")).StatusCode);
        var post = await editor.PostFormAsync("/account", "/admin/webhooks", ("Form.Url", _receiver.Url), ("Form.Events", "claim.created"));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Empty(await _app.Get<VerifyTrack.Web.Webhooks.WebhookEndpoints>().ListAsync());
    }

    [Fact]
    public async Task DeadDelivery_ShowsCodeAndAnswer_Redeliver_TestEvent_DisableEnable_EachAudited()
    {
        var (id, secret, _) = await RegisterAsync();
        _receiver.Respond = _ => (404, "no such hook here");
        var claim = await _app.ApiClient(_editor.Token).CreateClaimAsync(_desk);
        Assert.Equal("0 delivered, 0 to retry, 1 dead", await RunSenderAsync());

        var page = await _admin.GetPageAsync("/admin/webhooks");
        var row = page.QuerySelector($"#webhook-{id} table tbody tr")!;
        Assert.Equal("dead", row.QuerySelector(".delivery-state")!.TextContent.Trim());
        Assert.Equal("404", row.QuerySelector(".delivery-status")!.TextContent.Trim());
        Assert.Equal("no such hook here", row.QuerySelector(".webhook-answer")!.TextContent);
        Assert.Contains("claim.created", row.TextContent);
        Assert.NotNull(row.QuerySelector($"a[href='/claims/{claim.Id()}']"));

        var redeliver = row.QuerySelector("form[action$='/redeliver']")!.GetAttribute("action")!;
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(redeliver)).StatusCode);
        _receiver.Respond = _ => (200, "thanks");
        Assert.Equal("1 delivered, 0 to retry, 0 dead", await RunSenderAsync());
        Assert.Equal(2, _receiver.Requests.Count);
        Assert.Single(_receiver.Unique);
        row = (await _admin.GetPageAsync("/admin/webhooks")).QuerySelector($"#webhook-{id} table tbody tr")!;
        Assert.Equal(("delivered", "200"), (row.QuerySelector(".delivery-state")!.TextContent.Trim(), row.QuerySelector(".delivery-status")!.TextContent.Trim()));

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync($"/admin/webhooks/{id}/test")).StatusCode);
        Assert.Equal("1 delivered, 0 to retry, 0 dead", await RunSenderAsync());
        var test = _receiver.Requests[^1];
        Assert.Equal("webhook.test", test.Header("X-VerifyTrack-Event"));
        Assert.True(WebhookReceiver.IsSigned(test, secret));
        Assert.Null(JsonNode.Parse(test.Body)!["claim"]);

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync($"/admin/webhooks/{id}/disable")).StatusCode);
        var disabled = await _admin.GetPageAsync("/admin/webhooks");
        Assert.Equal("disabled", disabled.QuerySelector($"#webhook-{id} .webhook-state")!.TextContent.Trim());
        await _app.ApiClient(_editor.Token).CreateClaimAsync(_desk, "A claim while the endpoint is off");
        Assert.Equal("0 delivered, 0 to retry, 0 dead", await RunSenderAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync($"/admin/webhooks/{id}/enable")).StatusCode);
        Assert.Equal("enabled", (await _admin.GetPageAsync("/admin/webhooks")).QuerySelector($"#webhook-{id} .webhook-state")!.TextContent.Trim());

        await using var connection = await _app.Get<Database>().OpenAsync();
        var kinds = await connection.QueryAsync<string>("SELECT kind FROM audit_events WHERE kind LIKE 'webhook.%' ORDER BY id");
        Assert.Equal(["webhook.created", "webhook.redelivered", "webhook.tested", "webhook.disabled", "webhook.enabled"], kinds);
    }

    private async Task<(long Id, string Secret, HttpResponseMessage Response)> RegisterAsync(string format = "json")
    {
        var page = await _admin.GetPageAsync("/admin/webhooks");
        var fields = page.FormFields(Form).With("Form.Url", _receiver.Url).With("Form.Format", format).With("Form.Desk", _desk);
        fields.Add(("Form.Events", "claim.state_changed"));
        fields.Add(("Form.Events", "claim.created"));
        var response = await _admin.SubmitAsync(page, Form, fields);
        var created = await response.ReadHtmlAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, created.Source.Text);
        var id = long.Parse(created.QuerySelector("a[href^='/admin/webhooks#webhook-']")!.GetAttribute("href")!.Split('-')[^1], System.Globalization.CultureInfo.InvariantCulture);
        return (id, created.QuerySelector("#webhook-secret")!.TextContent.Trim(), response);
    }

    private async Task<string?> RunSenderAsync() => (await _app.Get<JobRunner>().RunAsync("webhook-sender", "test")).Summary;

    private async Task<HttpResponseMessage> PostAsync(string action)
    {
        var page = await _admin.GetPageAsync("/admin/webhooks");
        return await _admin.SubmitAsync(page, $"form[action='{action}']", page.FormFields($"form[action='{action}']"));
    }
}
