using System.Text.Encodings.Web;
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
            .AddJsonOptions(json =>
            {
                json.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
                json.JsonSerializerOptions.Converters.Add(new UtcDateTimeOffsetConverter());

                // MVC's default encoder leaves <, > and & raw; sites inline our JSON in their pages, where
                // "</script>" in a statement would end their script. Escape those, keep every script readable.
                json.JsonSerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
            });
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
}
