using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.ApiDocs;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Components;
using VerifyTrack.Web.Infrastructure.Web;

namespace VerifyTrack.Web.PublicStatus;

public sealed record PublicAppearanceJson(string Outlet, string Url, string Headline, DateTimeOffset PublishedAt);

public sealed record PublicStateChangeJson(string From, string To, DateTimeOffset At, string? PublicNote, string? DeniedBy);

public sealed record PublicClaimJson(
    string Slug,
    string Url,
    string Statement,
    string Claimant,
    string State,
    string StateLabel,
    DateTimeOffset StateChangedAt,
    string? PublicNote,
    string? DeniedBy,
    string? DenialUrl,
    DateTimeOffset PublishedAt,
    DateTimeOffset UpdatedAt,
    PublicAppearanceJson? FirstAppearance,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PublicAppearanceJson>? Appearances = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PublicStateChangeJson>? Timeline = null)
{
    public static PublicClaimJson From(PublicClaim c, string baseUrl) => new(
        c.Slug,
        $"{baseUrl}/status/claims/{Uri.EscapeDataString(c.Slug)}",
        c.Statement,
        c.Claimant,
        Wire.Name(c.State),
        StateBadge.Label(c.State),
        c.StateChangedAt,
        c.PublicNote,
        c.DeniedBy,
        c.DenialUrl,
        c.PublishedAt,
        c.PublicUpdatedAt,
        c.FirstUrl is null ? null : new PublicAppearanceJson(c.FirstOutlet ?? "", c.FirstUrl, c.FirstHeadline ?? "", c.FirstPublishedAt ?? default));
}

public sealed record PublicClaimListJson(IReadOnlyList<PublicClaimJson> Items, int Page, int PageSize, long Total);

/// <summary>The public JSON API: published claims only, public fields only, open to any origin for GET.</summary>
[ApiController]
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[Route("api/v1/public/claims")]
[EnableCors(PublicStatusSetup.Policy)]
[EnableRateLimiting(PublicStatusSetup.Policy)]
[OutputCache(PolicyName = PublicStatusSetup.Policy)]
[Tags("Public")]
public sealed class PublicApiController(PublicClaimStore store, IOptions<PublicStatusOptions> options) : ControllerBase
{
    [AcceptVerbs("GET", "HEAD")]
    [EndpointSummary("List published claims")]
    [EndpointDescription("Anonymous and cached. Newest change first; with `since`, the changes from that moment on, oldest first, for incremental sync: pass the last `updatedAt` you saw and de-duplicate by `slug`.")]
    [ProducesResponseType<PublicClaimListJson>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ApiResponseConventions.ProblemJson)]
    public async Task<IActionResult> List([FromQuery] PublicClaimsQuery query, CancellationToken cancellationToken)
    {
        var (list, errors) = query.Parse(options.Value.PageSize);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors, StatusCodes.Status400BadRequest);
        }

        var (items, total) = await store.ListAsync(list, cancellationToken);
        PublicHttp.SetLastModified(Response, await store.LastPublicChangeAsync(cancellationToken));
        var baseUrl = PublicHttp.BaseUrl(Request, options.Value);
        return Ok(new PublicClaimListJson(items.Select(c => PublicClaimJson.From(c, baseUrl)).ToList(), list.Page, list.PageSize, total));
    }

    [AcceptVerbs("GET", "HEAD", Route = "{slug}")]
    [EndpointSummary("Get a published claim")]
    [EndpointDescription("With its appearances and public timeline. An unknown and an unpublished slug give the same 404.")]
    [ProducesResponseType<PublicClaimJson>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiResponseConventions.ProblemJson)]
    public async Task<IActionResult> Get(string slug, CancellationToken cancellationToken)
    {
        var detail = await store.FindAsync(slug, cancellationToken);
        if (detail is null)
        {
            return Problems.Status(StatusCodes.Status404NotFound, "Not found", "There is no published claim with this slug.");
        }

        PublicHttp.SetLastModified(Response, detail.Claim.PublicUpdatedAt);
        var json = PublicClaimJson.From(detail.Claim, PublicHttp.BaseUrl(Request, options.Value)) with
        {
            Appearances = detail.Appearances.Select(a => new PublicAppearanceJson(a.Outlet, a.Url, a.Headline, a.PublishedAt)).ToList(),
            Timeline = detail.Timeline.Select(t => new PublicStateChangeJson(Wire.Name(t.FromState), Wire.Name(t.ToState), t.At, t.PublicNote, t.DeniedBy)).ToList(),
        };
        return Ok(json);
    }
}
