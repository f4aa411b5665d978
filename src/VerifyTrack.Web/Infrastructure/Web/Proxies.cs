using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace VerifyTrack.Web.Infrastructure.Web;

/// <summary>The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto the app believes.</summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>["10.0.0.5"]</c>. With neither list set, no proxy header is read (unless ASPNETCORE_FORWARDEDHEADERS_ENABLED is).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>["10.0.0.0/8"]</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool IsConfigured => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}

/// <summary>
/// Behind a reverse proxy every request comes from the proxy: the public rate limit would put all readers in one
/// bucket, and cookies would not know the reader's connection was https. With the proxies named
/// (<c>ForwardedHeaders:KnownProxies</c> / <c>KnownNetworks</c>), or with ASP.NET's own
/// <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>, the client address and scheme come from the proxy's headers,
/// and only from a proxy listed.
/// </summary>
public static class Proxies
{
    public static IServiceCollection AddProxySupport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ForwardedHeadersSettings>()
            .Bind(configuration.GetSection(ForwardedHeadersSettings.Section))
            .Validate(s => s.KnownProxies.All(p => IPAddress.TryParse(p, out _)), "ForwardedHeaders:KnownProxies must list IP addresses, e.g. [\"10.0.0.5\"].")
            .Validate(s => s.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), "ForwardedHeaders:KnownNetworks must list networks in CIDR notation, e.g. [\"10.0.0.0/8\"].")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().PostConfigure<IOptions<ForwardedHeadersSettings>>((forwarded, settings) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (!settings.Value.IsConfigured)
            {
                return;
            }

            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in settings.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in settings.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }

    /// <summary>
    /// Reads the proxies' headers when proxies are named. ASP.NET does it itself, before anything else, when
    /// <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c> is set; the headers must not be read twice.
    /// </summary>
    public static IApplicationBuilder UseProxySupport(this WebApplication app)
    {
        var enabledByAspNet = string.Equals(app.Configuration["ASPNETCORE_FORWARDEDHEADERS_ENABLED"], "true", StringComparison.OrdinalIgnoreCase)
            || string.Equals(app.Configuration["FORWARDEDHEADERS_ENABLED"], "true", StringComparison.OrdinalIgnoreCase);
        if (!enabledByAspNet && app.Services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value.IsConfigured)
        {
            app.UseForwardedHeaders();
        }

        if (!app.Environment.IsDevelopment())
        {
            // Sent only on https requests (and never to localhost), so a plain-http test or run is untouched.
            app.UseHsts();
        }

        return app;
    }
}
