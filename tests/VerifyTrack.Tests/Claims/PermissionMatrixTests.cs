using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Claims;

namespace VerifyTrack.Tests.Claims;

/// <summary>
/// Every claim-changing route of the API and the pages (and the reads) × every kind of person, through the real host:
/// anonymous is sent to sign in (pages) or gets 401 (API), a refused person gets 403 with the reason, and a refused
/// request leaves the claim's version and its audit events as they were.
/// </summary>
public sealed class PermissionMatrixTests(PermissionMatrix.World world) : IClassFixture<PermissionMatrix.World>
{
    private const string Everyone = "editor other-editor lead other-lead admin";
    private const string OnTheDesk = "editor lead admin";
    private const string LeadOrAdmin = "lead admin";

    /// <summary>Route → who of <see cref="PermissionMatrix.Principals"/> (besides anonymous, never allowed) may use it.</summary>
    public static readonly Dictionary<string, string> Expected = new()
    {
        ["api read"] = Everyone,
        ["api list"] = Everyone,
        ["api history"] = Everyone,
        ["api create"] = OnTheDesk,
        ["api edit"] = OnTheDesk,
        ["api edit keeping the desk"] = OnTheDesk,
        ["api move desk"] = LeadOrAdmin,
        ["api transition"] = OnTheDesk,
        ["api review"] = OnTheDesk,
        ["api add appearance"] = Everyone,
        ["api remove appearance"] = OnTheDesk,
        ["api add evidence"] = Everyone,
        ["api remove evidence"] = OnTheDesk,
        ["api assign"] = OnTheDesk,
        ["api publish"] = OnTheDesk,
        ["api unpublish"] = OnTheDesk,
        ["page read"] = Everyone,
        ["page queue"] = Everyone,
        ["page desks"] = Everyone,
        ["page create"] = OnTheDesk,
        ["page edit"] = OnTheDesk,
        ["page move desk"] = LeadOrAdmin,
        ["page transition"] = OnTheDesk,
        ["page review"] = OnTheDesk,
        ["page add appearance"] = Everyone,
        ["page remove appearance"] = OnTheDesk,
        ["page add evidence"] = Everyone,
        ["page remove evidence"] = OnTheDesk,
        ["page assign"] = OnTheDesk,
        ["page publish"] = OnTheDesk,
        ["page unpublish"] = OnTheDesk,
        ["queue assign to me"] = OnTheDesk,
        ["queue quick review"] = OnTheDesk,
        ["page digest time"] = LeadOrAdmin,
        ["api bulk assign"] = OnTheDesk,
        ["api bulk move"] = LeadOrAdmin,
        ["api bulk priority"] = OnTheDesk,
        ["api bulk review"] = OnTheDesk,
        ["queue bulk assign"] = OnTheDesk,
        ["queue bulk move"] = LeadOrAdmin,
        ["queue bulk priority"] = OnTheDesk,
        ["queue bulk review"] = OnTheDesk,
    };

    public static TheoryData<string, string> Cases() => PermissionMatrix.Cases(Expected.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Route_ByPrincipal_AllowedRefusedOrSentToSignIn(string route, string principal) =>
        PermissionMatrix.RunAsync(world, route, principal, Expected[route].Split(' ').Contains(principal));

    [Fact]
    public void TheTable_CoversEveryRoute() =>
        Assert.Equal(PermissionMatrix.RouteNames.Order(), Expected.Keys.Order());

    [Fact]
    public async Task Queue_OffersQuickActionsOnlyWhereTheyAreAllowed()
    {
        var claim = await world.SetUpClaimAsync(published: false, priority: "urgent");

        var own = await (await world.PageClientAsync("editor")).Http.GetStringAsync("/queue");
        var other = await (await world.PageClientAsync("other-editor")).Http.GetStringAsync("/queue");

        Assert.Contains($"/claims/{claim.Id}/assign-to-me", own);
        Assert.Contains($"/claims/{claim.Id}/quick-review", own);
        Assert.Contains($"/claims/{claim.Id}\"", other);
        Assert.DoesNotContain($"/claims/{claim.Id}/assign-to-me", other);
        Assert.DoesNotContain($"/claims/{claim.Id}/quick-review", other);
    }

    [Fact]
    public async Task ClaimPage_ToSomeoneOffTheDesk_SaysWhatTheyCanDo()
    {
        var claim = await world.SetUpClaimAsync(published: false);

        var own = await (await world.PageClientAsync("editor")).Http.GetStringAsync($"/claims/{claim.Id}");
        var other = await (await world.PageClientAsync("other-editor")).Http.GetStringAsync($"/claims/{claim.Id}");

        Assert.DoesNotContain("which you are not on", own);
        Assert.Contains("which you are not on: you can read it and add evidence or an appearance", other);
    }
}

/// <summary>With Permissions:PublishRequiresLead on, publishing and unpublishing are the desk lead's (and admins'); nothing else changes.</summary>
public sealed class PublishRequiresLeadMatrixTests(PermissionMatrix.LeadPublishesWorld world) : IClassFixture<PermissionMatrix.LeadPublishesWorld>
{
    public static readonly Dictionary<string, string> Expected = new()
    {
        ["api publish"] = "lead admin",
        ["api unpublish"] = "lead admin",
        ["page publish"] = "lead admin",
        ["page unpublish"] = "lead admin",
        ["api transition"] = "editor lead admin",
        ["page edit"] = "editor lead admin",
    };

    public static TheoryData<string, string> Cases() => PermissionMatrix.Cases(Expected.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Route_ByPrincipal_AllowedRefusedOrSentToSignIn(string route, string principal) =>
        PermissionMatrix.RunAsync(world, route, principal, Expected[route].Split(' ').Contains(principal));

    [Fact]
    public async Task Publish_ByAnEditorOfTheDesk_SaysItIsTheLeadsToPublish()
    {
        var claim = await world.SetUpClaimAsync(published: false);

        var problem = await world.ApiClientOf("editor").PostAsJsonAsync($"/api/v1/claims/{claim.Id}/publish", new { version = claim.Version })
            .ExpectAsync(HttpStatusCode.Forbidden);

        Assert.Contains("lead of the claim's desk", problem.Str("detail"));
    }

    [Fact]
    public async Task ClaimPage_OffersPublishingOnlyToTheLead()
    {
        var claim = await world.SetUpClaimAsync(published: false);

        var editor = await (await world.PageClientAsync("editor")).Http.GetStringAsync($"/claims/{claim.Id}");
        var lead = await (await world.PageClientAsync("lead")).Http.GetStringAsync($"/claims/{claim.Id}");

        Assert.DoesNotContain($"/claims/{claim.Id}/publish", editor);
        Assert.Contains("two-person rule", editor);
        Assert.Contains($"/claims/{claim.Id}/publish", lead);
    }
}

public static class PermissionMatrix
{
    /// <summary>Desk "news" is the claims' desk; "sport" is the other one.</summary>
    public const string Desk = "news";
    public const string OtherDesk = "sport";

    public static readonly string[] Principals = ["anonymous", "editor", "other-editor", "lead", "other-lead", "admin"];

    public sealed record SetUp(long Id, long Version, long AppearanceId, long EvidenceId);

    private sealed record Route(bool IsApi, bool Published, Target Target, Func<World, HttpClient, SetUp, Task<HttpResponseMessage>> Send);

    /// <summary><see cref="Target.Bulk"/>: a bulk change of the one claim, answered 200 per claim (changed, or refused with the reason).</summary>
    internal enum Target { Read, Claim, NewClaim, Desk, Bulk }

    private static readonly object Appearance = new
    {
        url = "https://example.org/2017/10/tass", outlet = "Tass", headline = "Ministry says servicemen are safe", publishedAt = "2017-10-05",
    };

    public static TheoryData<string, string> Cases(IEnumerable<string> routes)
    {
        var data = new TheoryData<string, string>();
        foreach (var route in routes)
        {
            foreach (var principal in Principals)
            {
                data.Add(route, principal);
            }
        }

        return data;
    }

    private static Task<HttpResponseMessage> Json(HttpClient client, HttpMethod method, string path, object? body = null) =>
        client.SendAsync(new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) });

    private static Func<World, HttpClient, SetUp, Task<HttpResponseMessage>> Form(Func<SetUp, string> action, Func<World, SetUp, (string, string)[]> fields) =>
        async (world, client, claim) =>
        {
            var form = fields(world, claim).Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)).ToList();
            if (world.AntiforgeryTokens.TryGetValue(client, out var token))
            {
                form.Add(new("__RequestVerificationToken", token));
            }

            return await client.PostAsync(action(claim), new FormUrlEncodedContent(form));
        };

    public static IEnumerable<string> RouteNames => AllRoutes().Keys;

    private static Dictionary<string, Route> AllRoutes() => new()
    {
        ["api read"] = new(true, false, Target.Read, (_, api, c) => api.GetAsync($"/api/v1/claims/{c.Id}")),
        ["api list"] = new(true, false, Target.Read, (_, api, _) => api.GetAsync("/api/v1/claims?desk=" + Desk)),
        ["api history"] = new(true, false, Target.Read, (_, api, c) => api.GetAsync($"/api/v1/claims/{c.Id}/history")),
        ["api create"] = new(true, false, Target.NewClaim, (_, api, _) => Json(api, HttpMethod.Post, "/api/v1/claims", ApiJson.NewClaim(Desk))),
        ["api edit"] = new(true, false, Target.Claim, (_, api, c) => Json(api, HttpMethod.Patch, $"/api/v1/claims/{c.Id}", new { statement = "Edited statement", version = c.Version })),
        ["api edit keeping the desk"] = new(true, false, Target.Claim, (_, api, c) => Json(api, HttpMethod.Patch, $"/api/v1/claims/{c.Id}", new { statement = "Edited statement", desk = Desk, version = c.Version })),
        ["api move desk"] = new(true, false, Target.Claim, (_, api, c) => Json(api, HttpMethod.Patch, $"/api/v1/claims/{c.Id}", new { desk = OtherDesk, version = c.Version })),
        ["api transition"] = new(true, false, Target.Claim, (_, api, c) => Json(api, HttpMethod.Post, $"/api/v1/claims/{c.Id}/transitions", new { to = "denied", note = "Denied on the record.", deniedBy = "Kremlin", version = c.Version })),
        ["api review"] = new(true, false, Target.Claim, (_, api, c) => Json(api, HttpMethod.Post, $"/api/v1/claims/{c.Id}/reviews", new { note = "Still checking.", version = c.Version })),
        ["api add appearance"] = new(true, false, Target.Claim, (_, api, c) => Json(api, HttpMethod.Post, $"/api/v1/claims/{c.Id}/appearances", new { url = "https://example.org/2017/10/tass", outlet = "Tass", headline = "Ministry says servicemen are safe", publishedAt = "2017-10-05", version = c.Version })),
        ["api remove appearance"] = new(true, false, Target.Claim, (_, api, c) => Json(api, HttpMethod.Delete, $"/api/v1/claims/{c.Id}/appearances/{c.AppearanceId}?version={c.Version}")),
        ["api add evidence"] = new(true, false, Target.Claim, (_, api, c) => Json(api, HttpMethod.Post, $"/api/v1/claims/{c.Id}/evidence", new { description = "Tass statement", stance = "refutes", version = c.Version })),
        ["api remove evidence"] = new(true, false, Target.Claim, (_, api, c) => Json(api, HttpMethod.Delete, $"/api/v1/claims/{c.Id}/evidence/{c.EvidenceId}?version={c.Version}")),
        ["api assign"] = new(true, false, Target.Claim, (w, api, c) => Json(api, HttpMethod.Post, $"/api/v1/claims/{c.Id}/assignment", new { assignee = w.Users["editor"].Email, version = c.Version })),
        ["api publish"] = new(true, false, Target.Claim, (_, api, c) => Json(api, HttpMethod.Post, $"/api/v1/claims/{c.Id}/publish", new { version = c.Version })),
        ["api unpublish"] = new(true, true, Target.Claim, (_, api, c) => Json(api, HttpMethod.Post, $"/api/v1/claims/{c.Id}/unpublish", new { version = c.Version })),

        ["page read"] = new(false, false, Target.Read, (_, page, c) => page.GetAsync($"/claims/{c.Id}")),
        ["page queue"] = new(false, false, Target.Read, (_, page, _) => page.GetAsync("/queue")),
        ["page desks"] = new(false, false, Target.Read, (_, page, _) => page.GetAsync("/desks")),
        ["page create"] = new(false, false, Target.NewClaim, Form(_ => "/claims/new", (_, _) =>
        [
            ("Form.Statement", "Ministry denies report"), ("Form.Claimant", "Ministry of Defence"), ("Form.Desk", Desk), ("Form.Priority", "normal"),
            ("Form.Url", "https://example.org/2017/10/report"), ("Form.Outlet", "Reuters"), ("Form.Headline", "Ministry denies report"), ("Form.PublishedAt", "2017-10-05"),
        ])),
        ["page edit"] = new(false, false, Target.Claim, Form(c => $"/claims/{c.Id}/edit", (_, c) =>
            [("Edit.Statement", "Edited statement"), ("Edit.OriginalStatement", "Ministry denies report"), ("Edit.Version", V(c))])),
        ["page move desk"] = new(false, false, Target.Claim, Form(c => $"/claims/{c.Id}/edit", (_, c) =>
            [("Edit.Desk", OtherDesk), ("Edit.OriginalDesk", Desk), ("Edit.Version", V(c))])),
        ["page transition"] = new(false, false, Target.Claim, Form(c => $"/claims/{c.Id}/transition", (_, c) =>
            [("Transition.To", "denied"), ("Transition.Note", "Denied on the record."), ("Transition.DeniedBy", "Kremlin"), ("Transition.Version", V(c))])),
        ["page review"] = new(false, false, Target.Claim, Form(c => $"/claims/{c.Id}/review", (_, c) =>
            [("Review.Note", "Still checking."), ("Review.Version", V(c))])),
        ["page add appearance"] = new(false, false, Target.Claim, Form(c => $"/claims/{c.Id}/appearances", (_, c) =>
            [("Appearance.Url", "https://example.org/2017/10/tass"), ("Appearance.Outlet", "Tass"), ("Appearance.Headline", "Servicemen are safe"), ("Appearance.PublishedAt", "2017-10-05"), ("Appearance.Version", V(c))])),
        ["page remove appearance"] = new(false, false, Target.Claim, Form(c => $"/claims/{c.Id}/appearances/{c.AppearanceId}/remove", (_, c) => [("Remove.Version", V(c))])),
        ["page add evidence"] = new(false, false, Target.Claim, Form(c => $"/claims/{c.Id}/evidence", (_, c) =>
            [("Evidence.Description", "Tass statement"), ("Evidence.Stance", "refutes"), ("Evidence.Version", V(c))])),
        ["page remove evidence"] = new(false, false, Target.Claim, Form(c => $"/claims/{c.Id}/evidence/{c.EvidenceId}/remove", (_, c) => [("Remove.Version", V(c))])),
        ["page assign"] = new(false, false, Target.Claim, Form(c => $"/claims/{c.Id}/assign", (w, c) => [("Assign.Assignee", w.Users["editor"].Email), ("Assign.Version", V(c))])),
        ["page publish"] = new(false, false, Target.Claim, Form(c => $"/claims/{c.Id}/publish", (_, c) => [("Publish.Version", V(c))])),
        ["page unpublish"] = new(false, true, Target.Claim, Form(c => $"/claims/{c.Id}/unpublish", (_, c) => [("Publish.Version", V(c))])),
        ["queue assign to me"] = new(false, false, Target.Claim, Form(c => $"/claims/{c.Id}/assign-to-me", (_, c) => [("version", V(c)), ("returnUrl", "/queue")])),
        ["queue quick review"] = new(false, false, Target.Claim, Form(c => $"/claims/{c.Id}/quick-review", (_, c) => [("version", V(c)), ("note", "Still checking."), ("returnUrl", "/queue")])),
        ["page digest time"] = new(false, false, Target.Desk, Form(_ => $"/desks/{Desk}/digest-time", (w, _) => [("localTime", w.NextDigestTime())])),
        ["api bulk assign"] = new(true, false, Target.Bulk, (w, api, c) => Json(api, HttpMethod.Post, "/api/v1/claims/bulk", new { ids = new[] { c.Id }, action = "assign", assignee = w.Users["editor"].Email, versions = Versions(c) })),
        ["api bulk move"] = new(true, false, Target.Bulk, (_, api, c) => Json(api, HttpMethod.Post, "/api/v1/claims/bulk", new { ids = new[] { c.Id }, action = "move", desk = OtherDesk, versions = Versions(c) })),
        ["api bulk priority"] = new(true, false, Target.Bulk, (_, api, c) => Json(api, HttpMethod.Post, "/api/v1/claims/bulk", new { ids = new[] { c.Id }, action = "priority", priority = "urgent", versions = Versions(c) })),
        ["api bulk review"] = new(true, false, Target.Bulk, (_, api, c) => Json(api, HttpMethod.Post, "/api/v1/claims/bulk", new { ids = new[] { c.Id }, action = "review", note = "Still checking." })),
        ["queue bulk assign"] = new(false, false, Target.Bulk, Form(_ => "/queue/bulk", (w, c) => Bulk(c, ("Bulk.Action", "assign"), ("Bulk.Assignee", w.Users["editor"].Email)))),
        ["queue bulk move"] = new(false, false, Target.Bulk, Form(_ => "/queue/bulk", (_, c) => Bulk(c, ("Bulk.Action", "move"), ("Bulk.Desk", OtherDesk)))),
        ["queue bulk priority"] = new(false, false, Target.Bulk, Form(_ => "/queue/bulk", (_, c) => Bulk(c, ("Bulk.Action", "priority"), ("Bulk.Priority", "urgent")))),
        ["queue bulk review"] = new(false, false, Target.Bulk, Form(_ => "/queue/bulk", (_, c) => Bulk(c, ("Bulk.Action", "review"), ("Bulk.Note", "Still checking.")))),
    };

    private static Dictionary<string, long> Versions(SetUp claim) => new() { [claim.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = claim.Version };

    private static (string, string)[] Bulk(SetUp claim, params (string, string)[] fields) =>
        [("Bulk.Ids", claim.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ($"Bulk.Versions[{claim.Id}]", V(claim)), ("Bulk.ReturnUrl", "/queue"), .. fields];

    private static string V(SetUp claim) => claim.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static async Task RunAsync(World world, string name, string principal, bool allowed)
    {
        var route = AllRoutes()[name];
        var claim = await world.SetUpClaimAsync(route.Published);
        var client = route.IsApi ? world.ApiClientOf(principal) : (await world.PageClientAsync(principal)).Http;
        var before = await world.SnapshotAsync(route.Target, claim.Id);

        var response = await route.Send(world, client, claim);
        var body = await response.Content.ReadAsStringAsync();
        var after = await world.SnapshotAsync(route.Target, claim.Id);
        var said = $"{name} as {principal}: {(int)response.StatusCode} {response.Headers.Location} {body[..Math.Min(body.Length, 400)]}";

        if (principal == "anonymous")
        {
            if (route.IsApi)
            {
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, said);
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/account/sign-in", StringComparison.Ordinal), said);
            }

            Assert.Equal(before, after);
            return;
        }

        if (route.Target == Target.Bulk)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, said);
            if (route.IsApi)
            {
                var result = (await response.ReadObjectAsync())["results"]!.AsArray().Single()!.AsObject();
                Assert.Equal(allowed ? "changed" : "forbidden", result.Str("status"));
                if (!allowed)
                {
                    Assert.StartsWith("Only", result.Str("reason"));
                }
            }
            else
            {
                Assert.Contains(allowed ? "1 claim changed, 0 skipped" : "0 claims changed, 1 skipped", body);
                Assert.True(allowed || body.Contains("Skipped: not allowed", StringComparison.Ordinal) && body.Contains("Only ", StringComparison.Ordinal), said);
            }

            if (allowed)
            {
                Assert.NotEqual(before, after);
            }
            else
            {
                Assert.Equal(before, after);
            }

            return;
        }

        if (!allowed)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, said);
            if (route.IsApi)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.StartsWith("Only", (await response.ReadObjectAsync()).Str("detail"));
            }
            else
            {
                Assert.Contains("Not allowed", body);
                Assert.Contains("Only ", body);
            }

            Assert.Equal(before, after);
            return;
        }

        switch (route.Target)
        {
            case Target.Read:
                Assert.True(response.StatusCode == HttpStatusCode.OK, said);
                break;
            case Target.NewClaim when route.IsApi:
                Assert.True(response.StatusCode == HttpStatusCode.Created, said);
                break;
            case Target.Claim when route.IsApi:
                Assert.True(response.StatusCode == HttpStatusCode.OK, said);
                Assert.Equal(claim.Version + 1, (await response.ReadObjectAsync()).Version());
                break;
            default:
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, said);
                break;
        }

        if (route.Target == Target.Read)
        {
            Assert.Equal(before, after);
        }
        else
        {
            Assert.NotEqual(before, after);
        }
    }

    /// <summary>Two desks, a person of each kind, their API clients and signed-in browsers.</summary>
    public class World : AppFactory, IAsyncLifetime
    {
        private readonly Dictionary<string, FormClient> _pages = new(StringComparer.Ordinal);
        private int _digestMinute;

        public Dictionary<string, TestUser> Users { get; } = new(StringComparer.Ordinal);

        public Dictionary<HttpClient, string> AntiforgeryTokens { get; } = [];

        public async Task InitializeAsync()
        {
            await CreateDeskAsync(Desk);
            await CreateDeskAsync(OtherDesk);
            Users["editor"] = await CreateUserAsync(Roles.Editor, Desk);
            Users["other-editor"] = await CreateUserAsync(Roles.Editor, OtherDesk);
            Users["lead"] = await CreateUserAsync(Roles.DeskLead, Desk);
            Users["other-lead"] = await CreateUserAsync(Roles.DeskLead, OtherDesk);
            Users["admin"] = await CreateUserAsync(Roles.Admin);
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

        public HttpClient ApiClientOf(string principal) =>
            principal == "anonymous"
                ? CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
                : ApiClient(Users[principal].Token);

        public async Task<FormClient> PageClientAsync(string principal)
        {
            if (!_pages.TryGetValue(principal, out var page))
            {
                page = principal == "anonymous" ? new FormClient(this) : await FormClient.SignedInAsync(this, Users[principal]);
                if (principal != "anonymous")
                {
                    AntiforgeryTokens[page.Http] = await page.AntiforgeryTokenAsync("/queue");
                }

                _pages[principal] = page;
            }

            return page;
        }

        /// <summary>A claim on the desk with two appearances and a supporting evidence item, set up by an admin.</summary>
        public async Task<SetUp> SetUpClaimAsync(bool published, string priority = "normal")
        {
            var commands = Get<ClaimCommands>();
            var admin = new Actor(Users["admin"].Id, Users["admin"].Email);
            var claim = Expect(await commands.CreateAsync(
                new CreateClaimInput("Ministry denies report", "Ministry of Defence", null, Desk, priority,
                    new AppearanceInput("https://example.org/2017/10/report", "Reuters", "Ministry denies report", Clock.GetUtcNow(), null, null)),
                admin));
            claim = Expect(await commands.AddAppearanceAsync(claim.Claim.Id,
                new AppearanceInput("https://example.org/2017/10/other", "AP", "Ministry denies it again", Clock.GetUtcNow(), null, null, claim.Claim.Version), admin));
            claim = Expect(await commands.AddEvidenceAsync(claim.Claim.Id, new EvidenceInput(null, "Footage geolocated", "supports", claim.Claim.Version), admin));
            if (published)
            {
                claim = Expect(await commands.PublishAsync(claim.Claim.Id, new VersionInput(claim.Claim.Version), admin));
            }

            return new SetUp(claim.Claim.Id, claim.Claim.Version, claim.Appearances[^1].Id, claim.Evidence[0].Id);
        }

        /// <summary>What a refused request must leave as it was.</summary>
        internal async Task<string> SnapshotAsync(Target target, long claimId)
        {
            await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
            await connection.OpenAsync();
            return target switch
            {
                Target.NewClaim => await connection.QuerySingleAsync<string>(
                    "SELECT (SELECT COUNT(*) FROM claims) || ' claims, ' || (SELECT COUNT(*) FROM audit_events) || ' events'"),
                Target.Desk => await connection.QuerySingleAsync<string>(
                    "SELECT COALESCE((SELECT digest_local_time FROM desks WHERE slug = @Desk), 'default') || ', ' || (SELECT COUNT(*) FROM audit_events) || ' events'",
                    new { Desk }),
                _ => await connection.QuerySingleAsync<string>(
                    "SELECT 'version ' || version || ', desk ' || desk_id || ', ' || (SELECT COUNT(*) FROM audit_events WHERE claim_id = @claimId) || ' events' FROM claims WHERE id = @claimId",
                    new { claimId }),
            };
        }

        /// <summary>A digest time the desk does not have yet, so an allowed change is seen to change it.</summary>
        public string NextDigestTime() => $"06:{Interlocked.Increment(ref _digestMinute) % 60:00}";

        private static ClaimDetail Expect(WriteResult result)
        {
            Assert.True(result.Status == WriteStatus.Ok, $"{result.Status}: {result.Reason}");
            return result.Claim!;
        }
    }

    public sealed class LeadPublishesWorld : World
    {
        public LeadPublishesWorld()
        {
            Settings["Permissions:PublishRequiresLead"] = "true";
        }
    }
}
