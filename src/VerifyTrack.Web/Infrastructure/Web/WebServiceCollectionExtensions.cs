using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;

namespace VerifyTrack.Web.Infrastructure.Web;

public static class WebServiceCollectionExtensions
{
    /// <summary>MVC with feature folders (each feature keeps its views in <c>Feature/Views</c>, found by the controller's namespace), JSON and problem details.</summary>
    public static IServiceCollection AddWebApp(this IServiceCollection services)
    {
        services.AddControllersWithViews(mvc =>
            {
                mvc.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                mvc.Filters.Add(new RefuseUnboundForms());
                RefuseUnboundForms.UseMessages(mvc.ModelBindingMessageProvider);

                // Our inputs validate themselves with field-level messages; a second, generic "required" error only confuses.
                mvc.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
            })
            .AddJsonOptions(json => UseAppJson(json.JsonSerializerOptions));

        // The same settings for what is written outside MVC (problem details of the authentication handler, /healthz)
        // and for the OpenAPI document's schemas, which read these options rather than MVC's.
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(json => UseAppJson(json.SerializerOptions));
        services.Configure<RazorViewEngineOptions>(razor =>
        {
            razor.ViewLocationFormats.Clear();
            razor.ViewLocationFormats.Add($"/{FeatureViewLocationExpander.Token}/Views/{{0}}.cshtml");
            razor.ViewLocationFormats.Add("/Shared/Views/{0}.cshtml");
            razor.ViewLocationExpanders.Add(new FeatureViewLocationExpander());
        });
        services.Configure<ApiBehaviorOptions>(api => api.InvalidModelStateResponseFactory = JsonBodyErrors.Response);
        services.AddProblemDetails();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "verifytrack.antiforgery";
            // Secure whenever the reader's connection is https, at the app or at the proxy in front of it.
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    private static void UseAppJson(JsonSerializerOptions json)
    {
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        json.Converters.Add(new UtcDateTimeOffsetConverter());

        // MVC's default encoder leaves <, > and & raw; sites inline our JSON in their pages, where
        // "</script>" in a statement would end their script. Escape those, keep every script readable.
        json.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
    }
}
