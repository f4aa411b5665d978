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
public sealed class ClaimsApiController(ClaimStore store, ClaimCommands commands, AuditReader audit, TimeProvider clock) : ControllerBase
{
    [HttpPost]
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
    public async Task<IActionResult> Get(long id, CancellationToken cancellationToken)
    {
        var claim = await store.GetAsync(id, cancellationToken);
        return claim is null ? ClaimNotFound(id) : Ok(ClaimJson.From(claim, clock.GetUtcNow()));
    }

    [HttpPatch("{id:long}")]
    public async Task<IActionResult> Edit(long id, EditClaimInput input, CancellationToken cancellationToken) =>
        ToResponse(await commands.EditAsync(id, input, User.ToActor(), cancellationToken), id);

    [HttpPost("{id:long}/transitions")]
    public async Task<IActionResult> Transition(long id, TransitionInput input, CancellationToken cancellationToken) =>
        ToResponse(await commands.TransitionAsync(id, input, User.ToActor(), cancellationToken), id);

    [HttpPost("{id:long}/reviews")]
    public async Task<IActionResult> Review(long id, ReviewInput input, CancellationToken cancellationToken) =>
        ToResponse(await commands.ReviewAsync(id, input, User.ToActor(), cancellationToken), id);

    [HttpPost("{id:long}/appearances")]
    public async Task<IActionResult> AddAppearance(long id, AppearanceInput input, CancellationToken cancellationToken) =>
        ToResponse(await commands.AddAppearanceAsync(id, input, User.ToActor(), cancellationToken), id);

    [HttpDelete("{id:long}/appearances/{appearanceId:long}")]
    public async Task<IActionResult> RemoveAppearance(long id, long appearanceId, long? version, CancellationToken cancellationToken) =>
        ToResponse(await commands.RemoveAppearanceAsync(id, appearanceId, version, User.ToActor(), cancellationToken), id);

    [HttpPost("{id:long}/evidence")]
    public async Task<IActionResult> AddEvidence(long id, EvidenceInput input, CancellationToken cancellationToken) =>
        ToResponse(await commands.AddEvidenceAsync(id, input, User.ToActor(), cancellationToken), id);

    [HttpDelete("{id:long}/evidence/{evidenceId:long}")]
    public async Task<IActionResult> RemoveEvidence(long id, long evidenceId, long? version, CancellationToken cancellationToken) =>
        ToResponse(await commands.RemoveEvidenceAsync(id, evidenceId, version, User.ToActor(), cancellationToken), id);

    [HttpPost("{id:long}/assignment")]
    public async Task<IActionResult> Assign(long id, AssignmentInput input, CancellationToken cancellationToken) =>
        ToResponse(await commands.AssignAsync(id, input, User.ToActor(), cancellationToken), id);

    [HttpPost("{id:long}/publish")]
    public async Task<IActionResult> Publish(long id, VersionInput input, CancellationToken cancellationToken) =>
        ToResponse(await commands.PublishAsync(id, input, User.ToActor(), cancellationToken), id);

    [HttpPost("{id:long}/unpublish")]
    public async Task<IActionResult> Unpublish(long id, VersionInput input, CancellationToken cancellationToken) =>
        ToResponse(await commands.UnpublishAsync(id, input, User.ToActor(), cancellationToken), id);

    [HttpGet("{id:long}/history")]
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
