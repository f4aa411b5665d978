using Microsoft.AspNetCore.Hosting;

namespace VerifyTrack.Tests.Infrastructure;

public sealed class BehindAProxyFactory : AppFactory
{
    public BehindAProxyFactory()
    {
        Settings["ForwardedHeaders:KnownProxies:0"] = "10.0.0.5";
        Settings["Mail:AppBaseUrl"] = "https://verify.example.org";
        Settings["PublicStatus:RateLimit:PermitLimit"] = "2";
        Settings["PublicStatus:RateLimit:WindowSeconds"] = "3600";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}

/// <summary>Behind a reverse proxy: the client and scheme come from the proxy's headers, and only from a proxy named.</summary>
public sealed class ProxyTests(BehindAProxyFactory app) : IClassFixture<BehindAProxyFactory>
{
    [Fact]
    public async Task PublicRateLimit_BehindAKnownProxy_IsPerRealClient()
    {
        Assert.Equal(200, await StatusAsync("10.0.0.5", "203.0.113.1"));
        Assert.Equal(200, await StatusAsync("10.0.0.5", "203.0.113.1"));
        Assert.Equal(429, await StatusAsync("10.0.0.5", "203.0.113.1"));

        Assert.Equal(200, await StatusAsync("10.0.0.5", "203.0.113.2"));
    }

    [Fact]
    public async Task ForwardedHeaders_FromAnUnknownAddress_AreIgnored()
    {
        Assert.Equal(200, await StatusAsync("198.51.100.9", "203.0.113.10"));
        Assert.Equal(200, await StatusAsync("198.51.100.9", "203.0.113.11"));

        Assert.Equal(429, await StatusAsync("198.51.100.9", "203.0.113.12"));
    }

    [Fact]
    public async Task HttpsAtTheProxy_GivesSecureCookiesAndHsts()
    {
        var context = await app.GetRawAsync("/account/sign-in", "verify.example.org", "10.0.0.5", ("X-Forwarded-For", "203.0.113.20"), ("X-Forwarded-Proto", "https"));

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Contains(context.Response.Headers.SetCookie, cookie => cookie!.Contains("verifytrack.antiforgery", StringComparison.Ordinal) && cookie.Contains("secure", StringComparison.OrdinalIgnoreCase));
        Assert.StartsWith("max-age=", context.Response.Headers.StrictTransportSecurity.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainHttpFromAnUnknownAddress_GetsNoHsts()
    {
        var context = await app.GetRawAsync("/account/sign-in", "verify.example.org", "198.51.100.30", ("X-Forwarded-Proto", "https"));

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Empty(context.Response.Headers.StrictTransportSecurity.ToString());
    }

    private async Task<int> StatusAsync(string remote, string forwardedFor)
    {
        var context = await app.GetRawAsync("/status", "status.example.org", remote, ("X-Forwarded-For", forwardedFor));
        return context.Response.StatusCode;
    }
}
