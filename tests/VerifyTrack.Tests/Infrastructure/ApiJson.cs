using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VerifyTrack.Tests.Infrastructure;

/// <summary>Small helpers to speak the editors' API the way an integrator would: plain JSON.</summary>
public static class ApiJson
{
    public static object NewClaim(string desk, string statement = "ISIS says it captured two Russian soldiers in Deir Ezzor", string priority = "high") => new
    {
        statement,
        claimant = "Islamic State / Amaq",
        summary = "Amaq video dated 3 October.",
        desk,
        priority,
        firstAppearance = new
        {
            url = "https://example.org/2017/10/moscow-denies",
            outlet = "The Foreign Desk",
            headline = "Moscow Denies Islamic State Captured Two Russian Soldiers",
            publishedAt = "2017-10-05T09:00:00Z",
            excerpt = "Reuters could not immediately verify the video.",
            language = "en",
        },
    };

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text)?.AsObject() ?? throw new InvalidOperationException($"Not a JSON object: {text}");
    }

    public static async Task<JsonObject> ExpectAsync(this Task<HttpResponseMessage> request, HttpStatusCode status)
    {
        var response = await request;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)?.AsObject() ?? throw new InvalidOperationException($"Not a JSON object: {text}");
    }

    public static async Task<JsonObject> CreateClaimAsync(this HttpClient client, string desk, string statement = "ISIS says it captured two Russian soldiers in Deir Ezzor", string priority = "high") =>
        await client.PostAsJsonAsync("/api/v1/claims", NewClaim(desk, statement, priority)).ExpectAsync(HttpStatusCode.Created);

    public static long Id(this JsonObject claim) => claim["id"]!.GetValue<long>();

    public static long Version(this JsonObject claim) => claim["version"]!.GetValue<long>();

    public static string Str(this JsonObject obj, string name) => obj[name]?.GetValue<string>() ?? "";

    public static JsonSerializerOptions Web { get; } = new(JsonSerializerDefaults.Web);
}
