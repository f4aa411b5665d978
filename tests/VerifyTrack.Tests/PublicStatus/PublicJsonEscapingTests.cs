using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VerifyTrack.Tests.Infrastructure;

namespace VerifyTrack.Tests.PublicStatus;

/// <summary>Sites inline our public JSON in their pages: nothing in it may close their script element.</summary>
public sealed class PublicJsonEscapingTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Statement = "Moscow says </script><script>alert(1)</script> & more";

    [Fact]
    public async Task PublicApi_EscapesAngleBracketsAndAmpersands_AndStillReadsBackTheSameText()
    {
        var desk = await app.CreateDeskAsync("escapes");
        var api = app.ApiClient((await app.CreateUserAsync("editor", desk)).Token);
        var claim = await api.PostAsJsonAsync("/api/v1/claims", new
        {
            statement = Statement,
            claimant = "</script>Amaq",
            desk,
            priority = "high",
            firstAppearance = new { url = "https://example.org/a?b=1&c=2", outlet = "<Outlet>", headline = "Head & line", publishedAt = "2017-10-05" },
        }).ExpectAsync(HttpStatusCode.Created);
        var published = await api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/publish", new { version = claim.Version() }).ExpectAsync(HttpStatusCode.OK);
        var client = app.CreateClient();

        foreach (var path in new[] { $"/api/v1/public/claims/{published.Str("slug")}", "/api/v1/public/claims" })
        {
            var body = await client.GetStringAsync(path);

            Assert.DoesNotContain("<", body, StringComparison.Ordinal);
            Assert.DoesNotContain(">", body, StringComparison.Ordinal);
            Assert.DoesNotContain("&", body, StringComparison.Ordinal);
            Assert.Contains(@"\u003C/script\u003E", body, StringComparison.OrdinalIgnoreCase);
            var root = JsonDocument.Parse(body).RootElement;
            var read = root.TryGetProperty("items", out var items) ? items[0] : root;
            Assert.Equal(Statement, read.GetProperty("statement").GetString());
        }
    }
}
