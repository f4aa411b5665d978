namespace VerifyTrack.Web.PublicStatus;

public sealed class PublicStatusOptions
{
    public const string Section = "PublicStatus";

    /// <summary>The organisation named as the author of each ClaimReview and in the feed.</summary>
    public string OrganizationName { get; set; } = "VerifyTrack newsroom";

    public string OrganizationUrl { get; set; } = "https://example.org/";

    /// <summary>
    /// Absolute base of public links (feed, JSON-LD, API); empty means the request's own scheme and host. Pages name
    /// a canonical address only when it is set: the request's host is whichever name the reader used.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>The status list's meta description; empty means a sentence naming <see cref="OrganizationName"/>.</summary>
    public string Description { get; set; } = "";

    public int PageSize { get; set; } = 20;

    /// <summary>How long browsers and proxies may reuse a public response before revalidating it.</summary>
    public int CacheSeconds { get; set; } = 30;

    /// <summary>How long the server keeps a rendered public response; any public change makes it unusable at once.</summary>
    public int ServerCacheSeconds { get; set; } = 300;

    public RateLimitOptions RateLimit { get; set; } = new();
}

public sealed class RateLimitOptions
{
    /// <summary>Requests one client (by IP address) may make to the public pages and API per window.</summary>
    public int PermitLimit { get; set; } = 300;

    public int WindowSeconds { get; set; } = 60;
}
