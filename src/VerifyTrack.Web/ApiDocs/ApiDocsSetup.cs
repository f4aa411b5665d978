using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace VerifyTrack.Web.ApiDocs;

/// <summary>
/// The OpenAPI document of every <c>/api/…</c> route, generated from the controllers, and the API reference page
/// that renders it with the assets bundled in the Scalar package (nothing is fetched from elsewhere).
/// </summary>
public static class ApiDocsSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/api/docs";
    public const string Title = "VerifyTrack API";

    public static IServiceCollection AddApiDocs(this IServiceCollection services)
    {
        services.Configure<MvcOptions>(mvc => mvc.Conventions.Add(new ApiResponseConventions()));
        services.AddOutputCache();
        services.AddOpenApi(DocumentName, openApi =>
        {
            // Only the JSON API: the editors' pages are HTML forms, and the reference page is not an operation.
            openApi.ShouldInclude = description =>
                description.RelativePath?.StartsWith("api/", StringComparison.OrdinalIgnoreCase) == true
                && !description.RelativePath.StartsWith(ReferencePath[1..], StringComparison.OrdinalIgnoreCase);
            openApi.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = Title,
                    Version = DocumentName,
                    Description = "The editors' API (`/api/v1/claims`, `/api/v1/intake`, `/api/v1/stats`; `/api/v1/webhooks` for admins) with a personal API token, and the anonymous, "
                        + "cached public API (`/api/v1/public/claims`). JSON is camelCase; times are ISO-8601, UTC when sent without an offset. "
                        + "Errors are RFC 7807 problem details (`application/problem+json`), with field errors under `errors`.",
                };
                return Task.CompletedTask;
            });
            openApi.AddDocumentTransformer(ApiTags.OrderAsync);
            openApi.AddDocumentTransformer(BearerSecurity.AddSchemeAsync);
            openApi.AddOperationTransformer(BearerSecurity.RequireOnProtectedAsync);
            openApi.AddOperationTransformer(QueryParameters.DescribeAsync);
            openApi.AddSchemaTransformer(RequiredFields.ApplyAsync);
            openApi.AddSchemaTransformer(TimeSchemas.ApplyAsync);
        });
        return services;
    }

    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder endpoints)
    {
        // Anonymous: an integrator reads the document before they have a token, and it describes shapes, not data.
        // It changes only with a deploy, so the server keeps it and clients may for a few minutes.
        endpoints.MapOpenApi("/openapi/{documentName}.json")
            .AllowAnonymous()
            .CacheOutput(cache => cache.Expire(TimeSpan.FromHours(1)))
            .AddEndpointFilter(async (context, next) =>
            {
                context.HttpContext.Response.Headers.CacheControl = "public, max-age=300";
                return await next(context);
            });

        endpoints.MapScalarApiReference(ReferencePath, (scalar, context) =>
            {
                // The page's one inline script (its start-up call) runs by a nonce fresh on every request; its other
                // scripts come from this origin. Scalar injects its styles at run time, so they need 'unsafe-inline'.
                var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
                context.Response.Headers.ContentSecurityPolicy = ReferenceContentSecurityPolicy(nonce);
                scalar
                    .WithTitle(Title)
                    .WithFavicon("/favicon.svg")
                    .AddDocument(DocumentName, routePattern: DocumentPath)
                    .WithNonce(nonce)
                    .DisableDefaultFonts()
                    .DisableTelemetry()
                    .DisableAgent()
                    .DisableMcp();
            })
            .AllowAnonymous();
        return endpoints;
    }

    public static string ReferenceContentSecurityPolicy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self'; "
        + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
}
