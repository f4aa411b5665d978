using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Claims;

namespace VerifyTrack.Web.PublicStatus;

public sealed record StatusListModel(IReadOnlyList<PublicClaim> Items, long Total, int Page, int PageSize, StatusQuery Query, FieldErrors Errors);

public sealed record PublicTimelineEntry(DateTimeOffset At, string What, string? PublicNote);

public sealed record StatusClaimModel(PublicClaimDetail Detail, string PageUrl, string BadgeUrl, string JsonLd, SharePreview Share)
{
    /// <summary>Publication and every state change, oldest first, with public notes only.</summary>
    public IReadOnlyList<PublicTimelineEntry> Timeline =>
        Detail.Timeline
            .Select(change => new PublicTimelineEntry(
                change.At,
                $"Now {Components.StateBadge.Label(change.ToState).ToLowerInvariant()}" + (change.ToState == ClaimState.Denied && change.DeniedBy is { } by ? $", denied by {by}" : ""),
                change.PublicNote))
            .Append(new PublicTimelineEntry(Detail.Claim.PublishedAt, "Published on this page", null))
            .OrderBy(entry => entry.At)
            .ToList();
}

/// <summary>The public status pages: anonymous, read-only, cached, and built only from public fields.</summary>
[AllowAnonymous]
[Route("status")]
[EnableCors(PublicStatusSetup.Policy)]
[EnableRateLimiting(PublicStatusSetup.Policy)]
[OutputCache(PolicyName = PublicStatusSetup.Policy)]
public sealed class PublicStatusController(PublicClaimStore store, ShareCard shareCard, IOptions<PublicStatusOptions> options) : Controller
{
    [AcceptVerbs("GET", "HEAD", Route = "")]
    public async Task<IActionResult> Index([FromQuery] StatusQuery query, CancellationToken cancellationToken)
    {
        var (list, errors) = query.Parse(options.Value.PageSize);
        if (!errors.IsEmpty)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(new StatusListModel([], 0, 1, list.PageSize, query, errors));
        }

        var (items, total) = await store.ListAsync(list, cancellationToken);
        PublicHttp.SetLastModified(Response, await store.LastPublicChangeAsync(cancellationToken));
        return View(new StatusListModel(items, total, list.Page, list.PageSize, query, errors));
    }

    [AcceptVerbs("GET", "HEAD", Route = "claims/{slug}")]
    public async Task<IActionResult> Claim(string slug, CancellationToken cancellationToken)
    {
        var detail = await store.FindAsync(slug, cancellationToken);
        if (detail is null)
        {
            return NotFound();
        }

        var baseUrl = PublicHttp.BaseUrl(Request, options.Value);
        var pageUrl = $"{baseUrl}/status/claims/{Uri.EscapeDataString(slug)}";
        PublicHttp.SetLastModified(Response, detail.Claim.PublicUpdatedAt);
        return View(new StatusClaimModel(
            detail, pageUrl, $"{pageUrl}/badge.svg", PublicFormats.ClaimReviewJsonLd(detail, pageUrl, options.Value), SharePreview.For(detail.Claim, pageUrl, options.Value)));
    }

    [AcceptVerbs("GET", "HEAD", Route = "claims/{slug}/badge.svg")]
    [OneUrl]
    public async Task<IActionResult> Badge(string slug, CancellationToken cancellationToken)
    {
        var detail = await store.FindAsync(slug, cancellationToken);
        if (detail is null)
        {
            return NotFound();
        }

        PublicHttp.SetLastModified(Response, detail.Claim.PublicUpdatedAt);
        return Content(PublicFormats.BadgeSvg(detail.Claim.State, detail.Claim.StateChangedAt), "image/svg+xml; charset=utf-8");
    }

    [AcceptVerbs("GET", "HEAD", Route = "claims/{slug}/card.png")]
    [OneUrl]
    public async Task<IActionResult> Card(string slug, CancellationToken cancellationToken)
    {
        var detail = await store.FindAsync(slug, cancellationToken);
        if (detail is null)
        {
            return NotFound();
        }

        var png = shareCard.Render(ShareCardContent.For(detail.Claim, options.Value));
        PublicHttp.SetLastModified(Response, detail.Claim.PublicUpdatedAt);
        // Written even for HEAD (the server drops it there), unlike File(): the ETag is a hash of this body.
        Response.ContentType = "image/png";
        Response.ContentLength = png.Length;
        await Response.Body.WriteAsync(png, cancellationToken);
        return new EmptyResult();
    }

    [AcceptVerbs("GET", "HEAD", Route = "feed.atom")]
    public async Task<IActionResult> Feed(CancellationToken cancellationToken)
    {
        var changes = await store.RecentStateChangesAsync(50, cancellationToken);
        var updated = await store.LastPublicChangeAsync(cancellationToken);
        PublicHttp.SetLastModified(Response, updated);
        return Content(PublicFormats.AtomFeed(changes, PublicHttp.BaseUrl(Request, options.Value), updated, options.Value), "application/atom+xml; charset=utf-8");
    }
}

/// <summary>
/// An image embedded elsewhere has one URL. The output cache keeps a copy per query string, so "?x=1", "?x=2"… would
/// each be drawn and kept, pushing the cached pages out: any query string is sent to the plain URL instead.
/// </summary>
public sealed class OneUrlAttribute : Microsoft.AspNetCore.Mvc.Filters.ActionFilterAttribute
{
    public override void OnActionExecuting(Microsoft.AspNetCore.Mvc.Filters.ActionExecutingContext context)
    {
        if (context.HttpContext.Request.QueryString.HasValue)
        {
            context.Result = new RedirectResult(context.HttpContext.Request.Path, permanent: true);
        }
    }
}

public static class PublicHttp
{
    public static string BaseUrl(HttpRequest request, PublicStatusOptions options) =>
        string.IsNullOrWhiteSpace(options.PublicBaseUrl) ? $"{request.Scheme}://{request.Host}" : options.PublicBaseUrl.TrimEnd('/');

    /// <summary>
    /// A public page's canonical address, or null when <see cref="PublicStatusOptions.PublicBaseUrl"/> is not set:
    /// only the operator knows which of the names the site answers to is the one to index.
    /// </summary>
    public static string? CanonicalUrl(PublicStatusOptions options, string path) =>
        string.IsNullOrWhiteSpace(options.PublicBaseUrl) ? null : options.PublicBaseUrl.TrimEnd('/') + path;

    /// <summary>HTTP dates have whole seconds; a finer Last-Modified would never match an If-Modified-Since.</summary>
    public static void SetLastModified(HttpResponse response, DateTimeOffset at) =>
        response.GetTypedHeaders().LastModified = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
