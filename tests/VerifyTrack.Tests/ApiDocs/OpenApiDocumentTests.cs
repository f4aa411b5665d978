using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.ApiDocs;
using VerifyTrack.Web.Infrastructure.Web;

namespace VerifyTrack.Tests.ApiDocs;

/// <summary>
/// The OpenAPI document held against the app's own routes: every endpoint under <c>/api/</c>, whoever adds it, must be
/// in the document with each of its methods, and nothing else may be.
/// </summary>
public sealed partial class OpenApiDocumentTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>The claim as the README describes it.</summary>
    private static readonly string[] ClaimFields =
    [
        "id", "slug", "statement", "claimant", "summary", "desk", "priority", "state", "version", "isPublished", "publishedAt",
        "assignee", "reviewDueAt", "isStale", "lastReviewedAt", "stateChangedAt", "deniedBy", "denialUrl", "publicNote",
        "createdAt", "updatedAt", "appearances", "evidence",
    ];

    [Fact]
    public async Task Document_HasEveryApiEndpointWithEachOfItsMethods()
    {
        var document = await DocumentAsync();

        var missing = ApiEndpoints()
            .SelectMany(e => e.Methods.Select(method => (e.Path, Method: method)))
            .Where(op => Operation(document, op.Path, op.Method) is null)
            .Select(op => $"{op.Method} {op.Path}")
            .ToList();

        Assert.NotEmpty(ApiEndpoints());
        Assert.Empty(missing);
        Assert.All(ApiEndpoints(), e => Assert.True(e.Methods.Count > 0, $"{e.Path} answers any method: name its methods, so the document can say which."));
    }

    [Fact]
    public async Task Document_HasNothingButTheApiEndpoints()
    {
        var document = await DocumentAsync();
        var endpoints = ApiEndpoints().SelectMany(e => e.Methods.Select(m => $"{m} {e.Path}")).ToHashSet();

        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => $"{op.Key.ToUpperInvariant()} {path.Key}"))
            .ToList();

        Assert.All(operations, op => Assert.Contains(op, endpoints));
        Assert.DoesNotContain(document["paths"]!.AsObject(), path => !path.Key.StartsWith("/api/", StringComparison.Ordinal));
        Assert.Null(document["paths"]!["/claims/{id}"]);
        Assert.Null(document["paths"]!["/status/claims/{slug}"]);
    }

    [Fact]
    public async Task EditorsOperations_ListTheirProblemsAnd401AndRequireTheBearerToken()
    {
        var document = await DocumentAsync();
        var scheme = document["components"]!["securitySchemes"]!["bearer"]!;
        Assert.Equal("http", scheme["type"]!.GetValue<string>());
        Assert.Equal("bearer", scheme["scheme"]!.GetValue<string>());
        Assert.Contains("vt_", scheme["description"]!.GetValue<string>(), StringComparison.Ordinal);

        var protectedOperations = ApiEndpoints().Where(e => e.RequiresSignIn).SelectMany(e => e.Methods.Select(m => Operation(document, e.Path, m)!)).ToList();
        var publicOperations = ApiEndpoints().Where(e => !e.RequiresSignIn).SelectMany(e => e.Methods.Select(m => Operation(document, e.Path, m)!)).ToList();

        Assert.NotEmpty(protectedOperations);
        Assert.All(protectedOperations, op =>
        {
            AssertProblem(op, "401");
            Assert.Contains(op["security"]!.AsArray(), requirement => requirement!["bearer"] is JsonArray);
        });
        Assert.NotEmpty(publicOperations);
        Assert.All(publicOperations, op => Assert.Null(op["security"]));
    }

    [Fact]
    public async Task OperationsWithABody_List400WithFieldErrors()
    {
        var document = await DocumentAsync();
        var withBody = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => op.Value!))
            .Where(op => op["requestBody"] is not null)
            .ToList();

        Assert.NotEmpty(withBody);
        Assert.All(withBody, op =>
        {
            var schema = Resolve(document, AssertProblem(op, "400"));
            Assert.NotNull(schema["properties"]!["errors"]);
            Assert.NotNull(op["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]);
        });
    }

    [Fact]
    public async Task ClaimOperations_DescribeTheirAnswersAndErrors()
    {
        var document = await DocumentAsync();

        var create = Operation(document, "/api/v1/claims", "POST")!;
        Assert.Equal("#/components/schemas/CreateClaimInput", create["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/ClaimJson", create["responses"]!["201"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        foreach (var status in new[] { "400", "401", "403", "413", "415", "422" })
        {
            AssertProblem(create, status);
        }

        var transition = Operation(document, "/api/v1/claims/{id}/transitions", "POST")!;
        Assert.Equal("#/components/schemas/TransitionInput", transition["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        foreach (var status in new[] { "400", "401", "403", "404", "409", "413", "415", "422" })
        {
            AssertProblem(transition, status);
        }

        var conflict = Resolve(document, AssertProblem(transition, "409"));
        Assert.NotNull(conflict["properties"]!["currentVersion"]);
        Assert.Equal("#/components/schemas/ClaimJson", conflict["properties"]!["current"]!["oneOf"]!.AsArray().Last()!["$ref"]!.GetValue<string>());

        var required = document["components"]!["schemas"]!["CreateClaimInput"]!["required"]!.AsArray().Select(n => n!.GetValue<string>());
        Assert.Equal(["claimant", "desk", "firstAppearance", "priority", "statement"], required.Order());
    }

    [Fact]
    public async Task ClaimSchema_HasTheReadmesFieldsInCamelCase()
    {
        var document = await DocumentAsync();
        var claim = document["components"]!["schemas"]!["ClaimJson"]!["properties"]!.AsObject();

        Assert.Equal(ClaimFields.Order(), claim.Select(p => p.Key).Order());
        Assert.Equal("date-time", claim["createdAt"]!["format"]!.GetValue<string>());
        Assert.Equal("string", claim["createdAt"]!["type"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/AppearanceJson", claim["appearances"]!["items"]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListQuery_IsNamedAndTypedAsClientsSendIt()
    {
        var document = await DocumentAsync();
        var parameters = Operation(document, "/api/v1/claims", "GET")!["parameters"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!);

        Assert.Equal(["assignee", "desk", "page", "pageSize", "priority", "stale", "state", "text"], parameters.Keys.Order());
        Assert.All(parameters.Values, p => Assert.False(string.IsNullOrWhiteSpace(p["description"]?.GetValue<string>()), p.ToJsonString()));
        Assert.Equal("integer", parameters["pageSize"]["schema"]!["type"]!.GetValue<string>());
        Assert.Equal("boolean", parameters["stale"]["schema"]!["type"]!.GetValue<string>());
        Assert.Equal(["unverified", "denied", "confirmed"], parameters["state"]["schema"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task Conflict_CarriesOnlyWhatItsSchemaNames()
    {
        var document = await DocumentAsync();
        var desk = await app.CreateDeskAsync("docs-" + Guid.NewGuid().ToString("N")[..6]);
        var client = app.ApiClient((await app.CreateUserAsync("editor", desk)).Token);
        var claim = await client.CreateClaimAsync(desk);

        var answer = await client.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/reviews", new { note = "still checking", version = claim.Version() - 1 });
        var body = await answer.ReadObjectAsync();

        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType!.MediaType);
        var schema = Resolve(document, AssertProblem(Operation(document, "/api/v1/claims/{id}/reviews", "POST")!, "409"));
        Assert.All(body, field => Assert.NotNull(schema["properties"]![field.Key]));
        Assert.All(body["current"]!.AsObject(), field => Assert.Contains(field.Key, ClaimFields));
    }

    [Fact]
    public async Task Document_IsServedToAnyoneAndCachedBriefly()
    {
        var response = await app.CreateClient().GetAsync(ApiDocsSetup.DocumentPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=300", response.Headers.CacheControl!.ToString());
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith("3.", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(ApiDocsSetup.Title, document["info"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReferencePage_RunsOnlyItsOwnScriptsUnderAPolicyOfItsOwn()
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var redirect = await client.GetAsync(ApiDocsSetup.ReferencePath);
        var page = await client.GetAsync(ApiDocsSetup.ReferencePath + "/");
        var html = await page.Content.ReadAsStringAsync();
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var nonce = NoncePolicy().Match(policy).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.DoesNotContain("unsafe-inline", policy.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.All(ScriptTag().Matches(html), tag => Assert.Contains($"nonce=\"{nonce}\"", tag.Value, StringComparison.Ordinal));
        Assert.DoesNotMatch(AbsoluteUrl(), html);

        // The policy belongs to the page alone: the rest of the app, the API included, still runs no script.
        var elsewhere = await client.GetAsync("/api/v1/public/claims");
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, elsewhere.Headers.GetValues("Content-Security-Policy").Single());
        var script = await client.GetAsync(ApiDocsSetup.ReferencePath + "/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    private sealed record ApiEndpoint(string Path, IReadOnlyList<string> Methods, bool RequiresSignIn);

    /// <summary>Every endpoint the app routes under <c>api/</c>, whoever mapped it, but the reference page's own (HTML and scripts).</summary>
    private List<ApiEndpoint> ApiEndpoints()
    {
        _ = app.Server;
        return app.Get<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Path: Normalise(e.RoutePattern)))
            .Where(e => e.Path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)
                && !e.Path.StartsWith(ApiDocsSetup.ReferencePath + "/", StringComparison.OrdinalIgnoreCase))
            .Select(e => new ApiEndpoint(
                e.Path,
                e.Endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToList() ?? [],
                e.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any() && e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null))
            .ToList();
    }

    /// <summary>A route as OpenAPI writes a path: <c>api/v1/claims/{id:long}</c> → <c>/api/v1/claims/{id}</c>.</summary>
    private static string Normalise(RoutePattern pattern) =>
        "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => throw new InvalidOperationException($"Unknown route part in {pattern.RawText}"),
        }))));

    private async Task<JsonNode> DocumentAsync()
    {
        var response = await app.CreateClient().GetAsync(ApiDocsSetup.DocumentPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static JsonNode? Operation(JsonNode document, string path, string method) =>
        document["paths"]![path]?[method.ToLowerInvariant()];

    /// <summary>The schema of the operation's answer with this status, which must be problem details.</summary>
    private static JsonNode AssertProblem(JsonNode operation, string status)
    {
        var response = operation["responses"]![status];
        Assert.True(response is not null, $"{operation["summary"]} does not list {status}: {operation["responses"]!.ToJsonString()}");
        var schema = response!["content"]?[ApiResponseConventions.ProblemJson]?["schema"];
        Assert.True(schema is not null, $"{operation["summary"]} answers {status} without problem details: {response.ToJsonString()}");
        return schema!;
    }

    private static JsonNode Resolve(JsonNode document, JsonNode schema) =>
        schema["$ref"]?.GetValue<string>() is { } reference
            ? document["components"]!["schemas"]![reference["#/components/schemas/".Length..]]!
            : schema;

    [GeneratedRegex("script-src [^;]*'nonce-([^']+)'")]
    private static partial Regex NoncePolicy();

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();

    [GeneratedRegex("(src|href)=\"(https?:)?//")]
    private static partial Regex AbsoluteUrl();
}
