using System.Net;
using System.Net.Http.Json;
using VerifyTrack.Tests.Infrastructure;

namespace VerifyTrack.Tests.Claims;

/// <summary>Text that reads differently from what it stores, or looks blank, is refused before anything is written.</summary>
public sealed class InvisibleTextTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("statement", "\u200B\u200B\u200B", "required")]
    [InlineData("statement", "Moscow \u202Edenies\u202C the report", "bidirectional")]
    [InlineData("claimant", "\u2067Amaq\u2069", "bidirectional")]
    [InlineData("url", "https://reu\u200Bters.com/a", "invisible")]
    public async Task CreateClaim_WithInvisibleOrDirectionTricks_Is400NamingTheField(string field, string value, string message)
    {
        var desk = await app.CreateDeskAsync("inv-" + Guid.NewGuid().ToString("N")[..6]);
        var api = app.ApiClient((await app.CreateUserAsync("editor", desk)).Token);
        var statement = field == "statement" ? value : "ISIS says it captured two Russian soldiers";
        var claimant = field == "claimant" ? value : "Amaq";
        var url = field == "url" ? value : "https://example.org/a";

        var problem = await api.PostAsJsonAsync("/api/v1/claims", new
        {
            statement,
            claimant,
            desk,
            priority = "high",
            firstAppearance = new { url, outlet = "Reuters", headline = "Headline", publishedAt = "2017-10-05" },
        }).ExpectAsync(HttpStatusCode.BadRequest);

        var errors = problem["errors"]!.AsObject();
        Assert.Contains(errors, e => e.Key.EndsWith(field, StringComparison.OrdinalIgnoreCase) && e.Value!.ToJsonString().Contains(message, StringComparison.Ordinal));
        var list = await api.GetAsync($"/api/v1/claims?desk={desk}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, list["total"]!.GetValue<int>());
    }
}
