using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Desks;

namespace VerifyTrack.Web.Webhooks;

public sealed class WebhookForm
{
    public string? Url { get; set; }
    public string? Format { get; set; } = WebhookEvents.Json;
    public List<string> Events { get; set; } = [];
    public string? Desk { get; set; }
}

public sealed record EndpointWithDeliveries(WebhookEndpointRow Endpoint, IReadOnlyList<WebhookDeliveryRow> Deliveries);

public sealed record WebhooksPageModel(IReadOnlyList<EndpointWithDeliveries> Endpoints, IReadOnlyList<DeskRow> Desks, WebhookForm Form);

public sealed record WebhookCreatedPageModel(WebhookEndpointRow Endpoint, string Secret);

/// <summary>/admin/webhooks: register endpoints, see their recent deliveries, test, redeliver, disable and enable; every change audited.</summary>
[Authorize(Roles = Roles.Admin)]
[Route("admin/webhooks")]
public sealed class WebhooksAdminController(WebhookEndpoints endpoints, DeskStore desks) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await PageAsync(new WebhookForm(), cancellationToken));

    [HttpPost("")]
    public async Task<IActionResult> Register([Bind(Prefix = "Form")] WebhookForm form, CancellationToken cancellationToken)
    {
        var (endpoint, secret, errors) = await endpoints.RegisterAsync(new NewWebhook(form.Url, form.Events, form.Desk, form.Format), User.ToActor(), cancellationToken);
        if (endpoint is not null)
        {
            // Shown in this answer only, never in a redirect's cookie or a later page.
            Response.Headers.CacheControl = "no-store";
            return View("Created", new WebhookCreatedPageModel(endpoint, secret!));
        }

        ModelState.AddFieldErrors("Form", errors);

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(nameof(Index), await PageAsync(form, cancellationToken));
    }

    [HttpPost("{id:long}/test")]
    public async Task<IActionResult> Test(long id, CancellationToken cancellationToken) =>
        await endpoints.SendTestAsync(id, User.ToActor(), cancellationToken)
            ? Done($"A test event for webhook {id} is queued: it goes out at the webhook sender's next run.", id)
            : NotFound();

    [HttpPost("{id:long}/disable")]
    public Task<IActionResult> Disable(long id, CancellationToken cancellationToken) => SetEnabledAsync(id, false, cancellationToken);

    [HttpPost("{id:long}/enable")]
    public Task<IActionResult> Enable(long id, CancellationToken cancellationToken) => SetEnabledAsync(id, true, cancellationToken);

    [HttpPost("{id:long}/remove")]
    public async Task<IActionResult> Remove(long id, CancellationToken cancellationToken) =>
        await endpoints.RemoveAsync(id, User.ToActor(), cancellationToken) ? Done($"Removed webhook {id} and its deliveries.") : NotFound();

    [HttpPost("{id:long}/deliveries/{deliveryId:long}/redeliver")]
    public async Task<IActionResult> Redeliver(long id, long deliveryId, CancellationToken cancellationToken) =>
        await endpoints.RedeliverAsync(id, deliveryId, User.ToActor(), cancellationToken)
            ? Done($"Delivery {deliveryId} goes out again at the webhook sender's next run, with the same event id.", id)
            : Done($"Delivery {deliveryId} is not dead, so there is nothing to redeliver.", id, isError: true);

    private async Task<IActionResult> SetEnabledAsync(long id, bool enabled, CancellationToken cancellationToken) =>
        await endpoints.SetEnabledAsync(id, enabled, enabled ? null : $"disabled by {User.Email()}", User.ToActor(), cancellationToken) switch
        {
            null => NotFound(),
            true => Done(enabled ? $"Webhook {id} is enabled: what was queued for it goes out at the next run." : $"Webhook {id} is disabled: nothing is sent to it until it is enabled.", id),
            false => Done($"Webhook {id} already was {(enabled ? "enabled" : "disabled")}.", id),
        };

    private RedirectResult Done(string flash, long? id = null, bool isError = false)
    {
        TempData["Flash"] = flash;
        TempData["FlashIsError"] = isError;
        return Redirect(id is null ? "/admin/webhooks" : $"/admin/webhooks#webhook-{id}");
    }

    private async Task<WebhooksPageModel> PageAsync(WebhookForm form, CancellationToken cancellationToken)
    {
        var list = new List<EndpointWithDeliveries>();
        foreach (var endpoint in await endpoints.ListAsync(cancellationToken))
        {
            list.Add(new EndpointWithDeliveries(endpoint, await endpoints.DeliveriesAsync(endpoint.Id, WebhookEndpoints.RecentDeliveries, cancellationToken)));
        }

        return new WebhooksPageModel(list, await desks.ListAsync(cancellationToken), form);
    }
}
