using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Claims;

namespace VerifyTrack.Web.Queue;

/// <summary>The queue's bulk form: ticked rows (<c>Bulk.Ids</c>), each row's version (<c>Bulk.Versions[id]</c>) and one action.</summary>
public sealed class BulkForm
{
    public List<long> Ids { get; set; } = [];
    public Dictionary<long, long> Versions { get; set; } = [];
    public string? Action { get; set; }
    public string? Assignee { get; set; }
    public string? Desk { get; set; }
    public string? Priority { get; set; }
    public string? Note { get; set; }
    public string? ReturnUrl { get; set; }

    public BulkInput ToInput() => new(Ids, Action, Assignee, Desk, Priority, Note, Versions);
}

public sealed record BulkPageModel(IReadOnlyList<BulkClaimResult> Results, string Back, FieldErrors Errors);

[Authorize]
[Route("queue/bulk")]
public sealed class BulkController(BulkChanges bulk) : Controller
{
    [HttpPost("")]
    public async Task<IActionResult> Apply([Bind(Prefix = "Bulk")] BulkForm form, CancellationToken cancellationToken)
    {
        var back = Url.IsLocalUrl(form.ReturnUrl) && form.ReturnUrl.StartsWith("/queue", StringComparison.Ordinal) ? form.ReturnUrl : "/queue";
        var (errors, results) = await bulk.ApplyAsync(form.ToInput(), User.ToActor(), User.Email(), versionsRequired: true, cancellationToken);
        if (!errors.IsEmpty)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return View("Bulk", new BulkPageModel(results, back, errors));
    }
}
