using System.ComponentModel;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Infrastructure.Web;

namespace VerifyTrack.Web.Claims.Api;

[ApiController]
[Route("api/v1/claims")]
[Authorize(AuthenticationSchemes = ApiTokenAuthenticationHandler.SchemeName)]
[ApiBodyLimit]
[IgnoreAntiforgeryToken]
[Tags("Claims")]
public sealed class ClaimsApiController(ClaimStore store, ClaimCommands commands, AuditReader audit, TimeProvider clock) : ControllerBase
{
    private const string ProblemJson = ApiDocs.ApiResponseConventions.ProblemJson;

    [HttpPost]
    [EndpointSummary("Log a claim with its first appearance")]
    [ProducesResponseType<ClaimJson>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, ProblemJson)]
    public async Task<IActionResult> Create(CreateClaimInput input, CancellationToken cancellationToken)
    {
        var result = await commands.CreateAsync(input, User.ToActor(), cancellationToken);
        if (result.Status != WriteStatus.Ok)
        {
            return ToResponse(result);
        }

        var claim = ClaimJson.From(result.Claim!, clock.GetUtcNow());
        return CreatedAtAction(nameof(Get), new { id = claim.Id }, claim);
    }

    [HttpGet]
    [EndpointSummary("List claims")]
    [EndpointDescription("Claims without their appearances and evidence, ordered by review due time. `text` is full-text search over statement, claimant, headlines and excerpts: every word must match, as the beginning of a word; names in the alias list find their equivalents.")]
    [ProducesResponseType<ClaimListJson>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemJson)]
    public async Task<IActionResult> List([FromQuery] ClaimListQuery query, CancellationToken cancellationToken)
    {
        var (filter, page, pageSize, errors) = query.Parse();
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors, StatusCodes.Status400BadRequest);
        }

        var now = clock.GetUtcNow();
        var result = await store.ListAsync(filter, page, pageSize, User.Id(), now, cancellationToken);
        return Ok(new ClaimListJson(result.Items.Select(c => ClaimJson.From(c, now)).ToList(), result.Page, result.PageSize, result.Total));
    }

    [HttpGet("{id:long}")]
    [EndpointSummary("Get a claim")]
    [ProducesResponseType<ClaimJson>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson)]
    public async Task<IActionResult> Get(long id, CancellationToken cancellationToken)
    {
        var claim = await store.GetAsync(id, cancellationToken);
        return claim is null ? ClaimNotFound(id) : Ok(ClaimJson.From(claim, clock.GetUtcNow()));
    }

    [HttpPatch("{id:long}")]
    [EndpointSummary("Edit a claim")]
    [EndpointDescription("Send any of statement, claimant, summary, desk (moves the claim) and priority, with the version the change is based on.")]
    [ProducesResponseType<ClaimJson>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson)]
    [ProducesResponseType<ClaimConflictProblem>(StatusCodes.Status409Conflict, ProblemJson)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, ProblemJson)]
    public async Task<IActionResult> Edit(long id, EditClaimInput input, CancellationToken cancellationToken) =>
        ToResponse(await commands.EditAsync(id, input, User.ToActor(), cancellationToken), id);

    [HttpPost("{id:long}/transitions")]
    [EndpointSummary("Change a claim's state")]
    [EndpointDescription("Every transition needs a note; `denied` needs `deniedBy`; `confirmed` needs supporting evidence (`supportingEvidenceIds` names it); reopening to `unverified` needs a note saying why.")]
    [ProducesResponseType<ClaimJson>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson)]
    [ProducesResponseType<ClaimConflictProblem>(StatusCodes.Status409Conflict, ProblemJson)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, ProblemJson)]
    public async Task<IActionResult> Transition(long id, TransitionInput input, CancellationToken cancellationToken) =>
        ToResponse(await commands.TransitionAsync(id, input, User.ToActor(), cancellationToken), id);

    [HttpPost("{id:long}/reviews")]
    [EndpointSummary("Mark a claim reviewed (still checking)")]
    [EndpointDescription("Restarts the claim's review window.")]
    [ProducesResponseType<ClaimJson>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson)]
    [ProducesResponseType<ClaimConflictProblem>(StatusCodes.Status409Conflict, ProblemJson)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, ProblemJson)]
    public async Task<IActionResult> Review(long id, ReviewInput input, CancellationToken cancellationToken) =>
        ToResponse(await commands.ReviewAsync(id, input, User.ToActor(), cancellationToken), id);

    [HttpPost("{id:long}/appearances")]
    [EndpointSummary("Add an appearance")]
    [ProducesResponseType<ClaimJson>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson)]
    [ProducesResponseType<ClaimConflictProblem>(StatusCodes.Status409Conflict, ProblemJson)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, ProblemJson)]
    public async Task<IActionResult> AddAppearance(long id, AppearanceInput input, CancellationToken cancellationToken) =>
        ToResponse(await commands.AddAppearanceAsync(id, input, User.ToActor(), cancellationToken), id);

    [HttpDelete("{id:long}/appearances/{appearanceId:long}")]
    [EndpointSummary("Remove an appearance")]
    [EndpointDescription("The last appearance cannot be removed (422).")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemJson)]
    [ProducesResponseType<ClaimJson>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson)]
    [ProducesResponseType<ClaimConflictProblem>(StatusCodes.Status409Conflict, ProblemJson)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, ProblemJson)]
    public async Task<IActionResult> RemoveAppearance(long id, long appearanceId, [Description("The version of the claim the change is based on (required).")] long? version, CancellationToken cancellationToken) =>
        ToResponse(await commands.RemoveAppearanceAsync(id, appearanceId, version, User.ToActor(), cancellationToken), id);

    [HttpPost("{id:long}/evidence")]
    [EndpointSummary("Add an evidence item")]
    [ProducesResponseType<ClaimJson>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson)]
    [ProducesResponseType<ClaimConflictProblem>(StatusCodes.Status409Conflict, ProblemJson)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, ProblemJson)]
    public async Task<IActionResult> AddEvidence(long id, EvidenceInput input, CancellationToken cancellationToken) =>
        ToResponse(await commands.AddEvidenceAsync(id, input, User.ToActor(), cancellationToken), id);

    [HttpDelete("{id:long}/evidence/{evidenceId:long}")]
    [EndpointSummary("Remove an evidence item")]
    [EndpointDescription("The last supporting evidence of a confirmed claim cannot be removed (422).")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemJson)]
    [ProducesResponseType<ClaimJson>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson)]
    [ProducesResponseType<ClaimConflictProblem>(StatusCodes.Status409Conflict, ProblemJson)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, ProblemJson)]
    public async Task<IActionResult> RemoveEvidence(long id, long evidenceId, [Description("The version of the claim the change is based on (required).")] long? version, CancellationToken cancellationToken) =>
        ToResponse(await commands.RemoveEvidenceAsync(id, evidenceId, version, User.ToActor(), cancellationToken), id);

    [HttpPost("{id:long}/assignment")]
    [EndpointSummary("Assign a claim")]
    [EndpointDescription("`assignee` is a user's e-mail, or null to unassign.")]
    [ProducesResponseType<ClaimJson>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson)]
    [ProducesResponseType<ClaimConflictProblem>(StatusCodes.Status409Conflict, ProblemJson)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, ProblemJson)]
    public async Task<IActionResult> Assign(long id, AssignmentInput input, CancellationToken cancellationToken) =>
        ToResponse(await commands.AssignAsync(id, input, User.ToActor(), cancellationToken), id);

    [HttpPost("{id:long}/publish")]
    [EndpointSummary("Publish a claim on the status page")]
    [ProducesResponseType<ClaimJson>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson)]
    [ProducesResponseType<ClaimConflictProblem>(StatusCodes.Status409Conflict, ProblemJson)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, ProblemJson)]
    public async Task<IActionResult> Publish(long id, VersionInput input, CancellationToken cancellationToken) =>
        ToResponse(await commands.PublishAsync(id, input, User.ToActor(), cancellationToken), id);

    [HttpPost("{id:long}/unpublish")]
    [EndpointSummary("Take a claim off the status page")]
    [ProducesResponseType<ClaimJson>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson)]
    [ProducesResponseType<ClaimConflictProblem>(StatusCodes.Status409Conflict, ProblemJson)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, ProblemJson)]
    public async Task<IActionResult> Unpublish(long id, VersionInput input, CancellationToken cancellationToken) =>
        ToResponse(await commands.UnpublishAsync(id, input, User.ToActor(), cancellationToken), id);

    [HttpGet("{id:long}/history")]
    [EndpointSummary("A claim's audit history")]
    [EndpointDescription("Oldest first. `at` is the stored text exactly, so anyone can recompute `hash` (see the README's audit section).")]
    [ProducesResponseType<HistoryJson>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson)]
    public async Task<IActionResult> History(long id, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is null)
        {
            return ClaimNotFound(id);
        }

        var events = await audit.ForClaimAsync(id, cancellationToken);
        return Ok(new HistoryJson(events
            .Select(e => new HistoryEventJson(
                e.Id, e.ClaimId, e.Kind, e.ActorId, e.Actor, SqlTime.ToSql(e.At), JsonSerializer.Deserialize<JsonElement>(e.Details), e.PrevHash, e.Hash))
            .ToList()));
    }

    private IActionResult ToResponse(WriteResult result, long id = 0) => result.Status switch
    {
        WriteStatus.Ok => Ok(ClaimJson.From(result.Claim!, clock.GetUtcNow())),
        WriteStatus.NotFound => ClaimNotFound(id),
        WriteStatus.Conflict => Problems.Conflict(result.Claim!.Claim.Version, ClaimJson.From(result.Claim, clock.GetUtcNow())),
        WriteStatus.Invalid => Problems.Validation(result.Errors!, StatusCodes.Status400BadRequest),
        WriteStatus.Refused => Problems.Validation(result.Errors!, StatusCodes.Status422UnprocessableEntity),
        WriteStatus.Forbidden => Problems.Status(StatusCodes.Status403Forbidden, "Not allowed", result.Reason!),
        _ => throw new ArgumentOutOfRangeException(nameof(result)),
    };

    private static ObjectResult ClaimNotFound(long id) =>
        Problems.Status(StatusCodes.Status404NotFound, "Claim not found", $"There is no claim {id}.");
}
