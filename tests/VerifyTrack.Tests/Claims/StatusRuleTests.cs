using System.Net;
using System.Net.Http.Json;
using VerifyTrack.Tests.Infrastructure;

namespace VerifyTrack.Tests.Claims;

/// <summary>
/// One rule for pages and API: 400 when the request's shape is wrong (missing, empty, malformed), 422 when it is
/// well-formed and a state rule refuses it.
/// </summary>
public sealed class StatusRuleTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("""{"to":"denied","note":"","deniedBy":"Moscow"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"to":"denied","note":"Moscow denied it"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"to":"sideways","note":"n"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"to":"confirmed","note":"Confirmed by our reporter"}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"to":"unverified","note":"Reopened"}""", HttpStatusCode.UnprocessableEntity)]
    public async Task Transition_ShapeIs400_StateRuleIs422_OnTheApiAndThePage(string body, HttpStatusCode expected)
    {
        var desk = await app.CreateDeskAsync("rule-" + Guid.NewGuid().ToString("N")[..6]);
        var user = await app.CreateUserAsync("editor", desk);
        var api = app.ApiClient(user.Token);
        var claim = await api.CreateClaimAsync(desk);
        var json = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
        json["version"] = claim.Version();

        var answer = await api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/transitions", json);

        Assert.Equal(expected, answer.StatusCode);
        var browser = await FormClient.SignedInAsync(app, user);
        var fields = new List<(string, string)> { ("Transition.Version", claim.Version().ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        foreach (var (name, value) in json.Where(p => p.Key != "version"))
        {
            fields.Add(($"Transition.{char.ToUpperInvariant(name[0])}{name[1..]}", value!.GetValue<string>()));
        }

        var page = await browser.PostFormAsync($"/claims/{claim.Id()}", $"/claims/{claim.Id()}/transition", [.. fields]);
        Assert.Equal(expected, page.StatusCode);
    }
}
