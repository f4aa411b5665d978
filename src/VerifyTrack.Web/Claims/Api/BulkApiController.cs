using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.ApiDocs;
using VerifyTrack.Web.Infrastructure.Web;

namespace VerifyTrack.Web.Claims.Api;

/// <param name="Versions">per claim id (a JSON object's keys are strings: <c>{"17": 4}</c>), the version the change is based on</param>
public sealed record BulkApiInput(
    IReadOnlyList<long>? Ids, string? Action, string? Assignee, string? Desk, string? Priority, string? Note, Dictionary<long, long>? Versions);

public sealed record BulkResultJson(
    long Id,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Version,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason);

public sealed record BulkResultsJson(IReadOnlyList<BulkResultJson> Results);

/// <summary>The queue's bulk triage for integrators: one request, each claim changed (or not) on its own, answered per claim.</summary>
[ApiController]
[Route("api/v1/claims/bulk")]
[Tags("Claims")]
[Authorize(AuthenticationSchemes = ApiTokenAuthenticationHandler.SchemeName)]
[ApiBodyLimit]
[IgnoreAntiforgeryToken]
public sealed class BulkApiController(BulkChanges bulk) : ControllerBase
{
    [HttpPost]
    [EndpointSummary("Change many claims at once: assign, move, set priority or mark reviewed")]
    [EndpointDescription("`action` is `assign`, `move`, `priority` or `review`. Each claim is changed on its own, with its own version check, permission check and audit event, and answered in `results` in the order sent: `changed`, `unchanged`, `conflict` (someone changed it since `versions` said), `forbidden` (with `reason`), `notFound` or `invalid`. An id missing from `versions` is changed at its current version. A malformed request is a 400 and changes nothing.")]
    [ProducesResponseType<BulkResultsJson>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Apply(BulkApiInput input, CancellationToken cancellationToken)
    {
        var (errors, results) = await bulk.ApplyAsync(
            new BulkInput(input.Ids, input.Action, input.Assignee, input.Desk, input.Priority, input.Note, input.Versions),
            User.ToActor(), User.Email(), versionsRequired: false, cancellationToken);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors, StatusCodes.Status400BadRequest);
        }

        return Ok(new BulkResultsJson(results.Select(r => new BulkResultJson(r.Id, StatusName(r.Outcome), r.Version, r.Reason)).ToList()));
    }

    public static string StatusName(BulkOutcome outcome) => outcome switch
    {
        BulkOutcome.Changed => "changed",
        BulkOutcome.Unchanged => "unchanged",
        BulkOutcome.Conflict => "conflict",
        BulkOutcome.Forbidden => "forbidden",
        BulkOutcome.NotFound => "notFound",
        BulkOutcome.Invalid => "invalid",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };
}
