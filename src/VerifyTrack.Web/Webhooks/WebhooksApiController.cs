using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.ApiDocs;
using VerifyTrack.Web.Infrastructure.Web;

namespace VerifyTrack.Web.Webhooks;

public sealed class WebhookInput
{
    public string? Url { get; set; }
    public List<string>? Events { get; set; }
    public string? Desk { get; set; }
    public string? Format { get; set; }
}

/// <summary>An endpoint; <c>secret</c> only in the answer to its registration.</summary>
public sealed record WebhookJson(
    long Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret,
    string Url,
    string Format,
    IReadOnlyList<string> Events,
    string? Desk,
    bool IsEnabled,
    string? DisabledReason,
    DateTimeOffset CreatedAt)
{
    public static WebhookJson From(WebhookEndpointRow e, string? secret = null) =>
        new(e.Id, secret, e.Url, e.Format, e.EventList, e.DeskSlug, e.IsEnabled, e.DisabledReason, e.CreatedAt);
}

public sealed record WebhookListJson(IReadOnlyList<WebhookJson> Items);

public sealed record WebhookDeliveryJson(
    long Id, string EventId, string Type, long? ClaimId, string State, int Attempts, int? ResponseStatus, string? ResponseBody, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt, DateTimeOffset? NextAttemptAt)
{
    public static WebhookDeliveryJson From(WebhookDeliveryRow d) => new(
        d.Id, d.EventId, d.EventType, d.ClaimId, d.State, d.Attempts, d.ResponseStatus, d.ResponseBody, d.LastError, d.CreatedAt, d.DeliveredAt,
        d.State == "pending" ? d.NextAttemptAt : null);
}

public sealed record WebhookDeliveryListJson(IReadOnlyList<WebhookDeliveryJson> Items);

/// <summary>Webhook endpoints for an admin's API token; any other role gets 403.</summary>
[ApiController]
[Route("api/v1/webhooks")]
[Tags("Webhooks")]
[Authorize(AuthenticationSchemes = ApiTokenAuthenticationHandler.SchemeName, Roles = Roles.Admin)]
[ApiBodyLimit]
[IgnoreAntiforgeryToken]
public sealed class WebhooksApiController(WebhookEndpoints endpoints) : ControllerBase
{
    public const int DeliveriesListed = 100;

    [HttpPost]
    [EndpointSummary("Register a webhook endpoint")]
    [EndpointDescription("`events` from `claim.created`, `claim.state_changed`, `claim.published`, `claim.unpublished`, `claim.escalated`, `claim.assigned`; `format` `json` (signed, the default) or `slack`; `desk` a desk's slug to hear of that desk only. The answer carries the signing `secret`, this once.")]
    [ProducesResponseType<WebhookJson>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Register(WebhookInput input, CancellationToken cancellationToken)
    {
        var (endpoint, secret, errors) = await endpoints.RegisterAsync(new NewWebhook(input.Url, input.Events, input.Desk, input.Format), User.ToActor(), cancellationToken);
        if (endpoint is null)
        {
            return Problems.Validation(errors, StatusCodes.Status400BadRequest);
        }

        return Created($"/api/v1/webhooks/{endpoint.Id}", WebhookJson.From(endpoint, secret));
    }

    [HttpGet]
    [EndpointSummary("List the webhook endpoints")]
    [ProducesResponseType<WebhookListJson>(StatusCodes.Status200OK)]
    public async Task<IActionResult> List(CancellationToken cancellationToken) =>
        Ok(new WebhookListJson((await endpoints.ListAsync(cancellationToken)).Select(e => WebhookJson.From(e)).ToList()));

    [HttpGet("{id:long}")]
    [EndpointSummary("One webhook endpoint")]
    [ProducesResponseType<WebhookJson>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiResponseConventions.ProblemJson)]
    public async Task<IActionResult> Get(long id, CancellationToken cancellationToken) =>
        await endpoints.GetAsync(id, cancellationToken) is { } endpoint ? Ok(WebhookJson.From(endpoint)) : NotFound(id);

    [HttpDelete("{id:long}")]
    [EndpointSummary("Remove a webhook endpoint")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiResponseConventions.ProblemJson)]
    public async Task<IActionResult> Remove(long id, CancellationToken cancellationToken) =>
        await endpoints.RemoveAsync(id, User.ToActor(), cancellationToken) ? NoContent() : NotFound(id);

    [HttpGet("{id:long}/deliveries")]
    [EndpointSummary("An endpoint's recent deliveries, newest first")]
    [ProducesResponseType<WebhookDeliveryListJson>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiResponseConventions.ProblemJson)]
    public async Task<IActionResult> Deliveries(long id, CancellationToken cancellationToken)
    {
        if (await endpoints.GetAsync(id, cancellationToken) is null)
        {
            return NotFound(id);
        }

        var deliveries = await endpoints.DeliveriesAsync(id, DeliveriesListed, cancellationToken);
        return Ok(new WebhookDeliveryListJson(deliveries.Select(WebhookDeliveryJson.From).ToList()));
    }

    private static ObjectResult NotFound(long id) =>
        Problems.Status(StatusCodes.Status404NotFound, "Webhook not found", $"There is no webhook {id}.");
}
