using System.Net;
using System.Text;
using VerifyTrack.Tests.Infrastructure;

namespace VerifyTrack.Tests.Claims;

/// <summary>An integrator reads our 400s: they name the field and what was wrong, never our code's types.</summary>
public sealed class ApiErrorWordingTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("[]")]
    [InlineData("\"a claim\"")]
    [InlineData("""{"statement": 5, "claimant": "Amaq"}""")]
    [InlineData("""{"statement": "s", "claimant": "c", "firstAppearance": "https://example.org"}""")]
    [InlineData("""{"statement": "s", "claimant": "c", "priority": ["high"]}""")]
    [InlineData("""{"statement": "s",""")]
    public async Task Create_WithAMistypedBody_Is400WithoutNamingDotNetTypes(string body)
    {
        var desk = await app.CreateDeskAsync("words-" + Guid.NewGuid().ToString("N")[..6]);
        var api = app.ApiClient((await app.CreateUserAsync("editor", desk)).Token);

        var response = await api.PostAsync("/api/v1/claims", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("VerifyTrack.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Input", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"statement": 5}""", "$.statement", "statement has the wrong JSON type or is malformed: see the README for what it takes.")]
    [InlineData("""{"statement": "s", "firstAppearance": "x"}""", "$.firstAppearance", "firstAppearance has the wrong JSON type or is malformed: see the README for what it takes.")]
    [InlineData("""{"statement": "s", "firstAppearance": {"publishedAt": true}}""", "$.firstAppearance.publishedAt", "firstAppearance.publishedAt: Expected an ISO-8601 date or time, such as 2017-10-04 or 2017-10-04T09:00:00Z.")]
    [InlineData("[]", "$", "The body must be one well-formed JSON object with the fields this route takes (see the README).")]
    [InlineData("", "$", "The body must be one well-formed JSON object with the fields this route takes (see the README).")]
    public async Task Create_WithAMistypedBody_SaysWhatWasExpectedInJsonWords(string body, string key, string message)
    {
        var desk = await app.CreateDeskAsync("json-" + Guid.NewGuid().ToString("N")[..6]);
        var api = app.ApiClient((await app.CreateUserAsync("editor", desk)).Token);

        var problem = await api.PostAsync("/api/v1/claims", new StringContent(body, Encoding.UTF8, "application/json")).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Contains(message, problem["errors"]![key]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public async Task EditorsApi_AnswersAreNeverStored()
    {
        var desk = await app.CreateDeskAsync("store-" + Guid.NewGuid().ToString("N")[..6]);
        var api = app.ApiClient((await app.CreateUserAsync("editor", desk)).Token);
        var claim = await api.CreateClaimAsync(desk);

        foreach (var response in new[]
        {
            await api.GetAsync($"/api/v1/claims/{claim.Id()}"),
            await api.GetAsync("/api/v1/claims"),
            await api.GetAsync("/api/v1/claims/999999"),
            await api.PostAsync("/api/v1/claims", new StringContent("[]", Encoding.UTF8, "application/json")),
        })
        {
            Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage!.RequestUri} {response.StatusCode}");
        }
    }
}
