using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Desks;

namespace VerifyTrack.Web.Claims;

public sealed record ClaimPageModel(
    ClaimDetail Detail,
    IReadOnlyList<AuditEventRow> Events,
    IReadOnlyList<DeskRow> Desks,
    IReadOnlyList<UserChoice> Users,
    DateTimeOffset Now)
{
    public long LatestEventId => Events.Count == 0 ? 0 : Events[^1].Id;

    public EditForm Edit { get; init; } = null!;
    public TransitionForm Transition { get; init; } = null!;
    public ReviewForm Review { get; init; } = null!;
    public AssignForm Assign { get; init; } = null!;
    public AppearanceForm Appearance { get; init; } = null!;
    public EvidenceForm Evidence { get; init; } = null!;
}

public sealed record NewClaimPageModel(NewClaimForm Form, IReadOnlyList<DeskRow> Desks);

/// <summary>What the conflict page shows: the change this editor sent, the claim as it is now, and what happened in between.</summary>
public sealed record ConflictModel(
    ClaimDetail Current,
    IReadOnlyList<AuditEventRow> Events,
    long SeenEventId,
    string Action,
    IReadOnlyList<KeyValuePair<string, string>> Posted,
    string Prefix)
{
    public string VersionField => Prefix.Length == 0 ? "version" : $"{Prefix}.Version";

    public string SeenEventField => Prefix.Length == 0 ? "seenEventId" : $"{Prefix}.SeenEventId";

    /// <summary>The fields as the editor meant them: only those they changed, without the edit form's original values.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Shown
    {
        get
        {
            var originals = Posted
                .Where(f => f.Key.Contains(".Original", StringComparison.Ordinal))
                .ToDictionary(f => f.Key.Replace(".Original", ".", StringComparison.Ordinal), f => f.Value);
            return Posted
                .Where(f => !f.Key.Contains(".Original", StringComparison.Ordinal) && f.Key != "returnUrl")
                .Where(f => !originals.TryGetValue(f.Key, out var original) || original != f.Value)
                .Select(f => new KeyValuePair<string, string>(f.Key[(f.Key.IndexOf('.', StringComparison.Ordinal) + 1)..], f.Value))
                .ToList();
        }
    }
}

[Authorize]
[Route("claims")]
public sealed class ClaimsController(
    ClaimStore store,
    ClaimCommands commands,
    AuditReader audit,
    DeskStore desks,
    UserStore users,
    TimeProvider clock) : Controller
{
    [HttpGet("new")]
    public async Task<IActionResult> New(CancellationToken cancellationToken) =>
        View(new NewClaimPageModel(new NewClaimForm(), await desks.ListAsync(cancellationToken)));

    [HttpPost("new")]
    public async Task<IActionResult> Create([Bind(Prefix = "Form")] NewClaimForm form, CancellationToken cancellationToken)
    {
        var dateErrors = new FieldErrors();
        var result = WithDateErrors(await commands.CreateAsync(form.ToInput(dateErrors), User.ToActor(), cancellationToken), dateErrors, "firstAppearance.publishedAt");
        if (result.Status == WriteStatus.Ok)
        {
            TempData["Flash"] = "Claim created.";
            return Redirect($"/claims/{result.Claim!.Claim.Id}");
        }

        foreach (var (field, messages) in result.Errors!.ToDictionary())
        {
            var name = field.StartsWith("firstAppearance.", StringComparison.Ordinal) ? field["firstAppearance.".Length..] : field;
            foreach (var message in messages)
            {
                ModelState.AddModelError("Form." + Pascal(name), message);
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("New", new NewClaimPageModel(form, await desks.ListAsync(cancellationToken)));
    }

    [HttpGet("{id:long}")]
    public async Task<IActionResult> Show(long id, CancellationToken cancellationToken)
    {
        var page = await LoadPageAsync(id, cancellationToken);
        return page is null ? NotFound() : View(page);
    }

    [HttpPost("{id:long}/edit")]
    public async Task<IActionResult> Edit(long id, [Bind(Prefix = "Edit")] EditForm form, CancellationToken cancellationToken) =>
        await OutcomeAsync(id, form, "Edit", await commands.EditAsync(id, form.ToInput(), User.ToActor(), cancellationToken),
            "Changes saved.", page => page with { Edit = form }, cancellationToken);

    [HttpPost("{id:long}/transition")]
    public async Task<IActionResult> Transition(long id, [Bind(Prefix = "Transition")] TransitionForm form, CancellationToken cancellationToken) =>
        await OutcomeAsync(id, form, "Transition", await commands.TransitionAsync(id, form.ToInput(), User.ToActor(), cancellationToken),
            $"Moved to {form.To}.", page => page with { Transition = form }, cancellationToken);

    [HttpPost("{id:long}/review")]
    public async Task<IActionResult> Review(long id, [Bind(Prefix = "Review")] ReviewForm form, CancellationToken cancellationToken) =>
        await OutcomeAsync(id, form, "Review", await commands.ReviewAsync(id, new ReviewInput(form.Note, form.Version), User.ToActor(), cancellationToken),
            "Marked as reviewed.", page => page with { Review = form }, cancellationToken);

    [HttpPost("{id:long}/assign")]
    public async Task<IActionResult> Assign(long id, [Bind(Prefix = "Assign")] AssignForm form, CancellationToken cancellationToken) =>
        await OutcomeAsync(id, form, "Assign", await commands.AssignAsync(id, new AssignmentInput(form.Assignee, form.Version), User.ToActor(), cancellationToken),
            "Assignment saved.", page => page with { Assign = form }, cancellationToken);

    [HttpPost("{id:long}/publish")]
    public async Task<IActionResult> Publish(long id, [Bind(Prefix = "Publish")] VersionForm form, CancellationToken cancellationToken) =>
        await OutcomeAsync(id, form, "Publish", await commands.PublishAsync(id, new VersionInput(form.Version), User.ToActor(), cancellationToken),
            "Published on the status page.", page => page, cancellationToken);

    [HttpPost("{id:long}/unpublish")]
    public async Task<IActionResult> Unpublish(long id, [Bind(Prefix = "Publish")] VersionForm form, CancellationToken cancellationToken) =>
        await OutcomeAsync(id, form, "Publish", await commands.UnpublishAsync(id, new VersionInput(form.Version), User.ToActor(), cancellationToken),
            "Taken off the status page.", page => page, cancellationToken);

    [HttpPost("{id:long}/appearances")]
    public async Task<IActionResult> AddAppearance(long id, [Bind(Prefix = "Appearance")] AppearanceForm form, CancellationToken cancellationToken)
    {
        var dateErrors = new FieldErrors();
        var result = WithDateErrors(await commands.AddAppearanceAsync(id, form.ToInput(dateErrors), User.ToActor(), cancellationToken), dateErrors, "publishedAt");
        return await OutcomeAsync(id, form, "Appearance", result, "Appearance added.", page => page with { Appearance = form }, cancellationToken);
    }

    [HttpPost("{id:long}/appearances/{appearanceId:long}/remove")]
    public async Task<IActionResult> RemoveAppearance(long id, long appearanceId, [Bind(Prefix = "Remove")] VersionForm form, CancellationToken cancellationToken) =>
        await OutcomeAsync(id, form, "Appearance", await commands.RemoveAppearanceAsync(id, appearanceId, form.Version, User.ToActor(), cancellationToken),
            "Appearance removed.", page => page, cancellationToken);

    [HttpPost("{id:long}/evidence")]
    public async Task<IActionResult> AddEvidence(long id, [Bind(Prefix = "Evidence")] EvidenceForm form, CancellationToken cancellationToken) =>
        await OutcomeAsync(id, form, "Evidence", await commands.AddEvidenceAsync(id, form.ToInput(), User.ToActor(), cancellationToken),
            "Evidence added.", page => page with { Evidence = form }, cancellationToken);

    [HttpPost("{id:long}/evidence/{evidenceId:long}/remove")]
    public async Task<IActionResult> RemoveEvidence(long id, long evidenceId, [Bind(Prefix = "Remove")] VersionForm form, CancellationToken cancellationToken) =>
        await OutcomeAsync(id, form, "Evidence", await commands.RemoveEvidenceAsync(id, evidenceId, form.Version, User.ToActor(), cancellationToken),
            "Evidence removed.", page => page, cancellationToken);

    /// <summary>The queue's one-click actions: they come back to the queue view they were taken from.</summary>
    [HttpPost("{id:long}/assign-to-me")]
    public async Task<IActionResult> AssignToMe(long id, long? version, string? returnUrl, CancellationToken cancellationToken) =>
        await QuickOutcomeAsync(id, await commands.AssignAsync(id, new AssignmentInput(User.Email(), version), User.ToActor(), cancellationToken),
            "Assigned to you.", returnUrl, cancellationToken);

    [HttpPost("{id:long}/quick-review")]
    public async Task<IActionResult> QuickReview(long id, long? version, string? note, string? returnUrl, CancellationToken cancellationToken) =>
        await QuickOutcomeAsync(id, await commands.ReviewAsync(id, new ReviewInput(note, version), User.ToActor(), cancellationToken),
            "Marked as reviewed.", returnUrl, cancellationToken);

    private async Task<IActionResult> OutcomeAsync(
        long id, ClaimForm form, string prefix, WriteResult result, string done,
        Func<ClaimPageModel, ClaimPageModel> keepInput, CancellationToken cancellationToken)
    {
        switch (result.Status)
        {
            case WriteStatus.Ok:
                TempData["Flash"] = done;
                return Redirect($"/claims/{id}");
            case WriteStatus.NotFound:
                return NotFound();
            case WriteStatus.Conflict:
                return await ConflictAsync(result.Claim!, form.SeenEventId, cancellationToken);
        }

        foreach (var (field, messages) in result.Errors!.ToDictionary())
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError($"{prefix}.{Pascal(field)}", message);
            }
        }

        var page = await LoadPageAsync(id, cancellationToken);
        if (page is null)
        {
            return NotFound();
        }

        Response.StatusCode = result.Status == WriteStatus.Refused ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest;
        return View("Show", keepInput(page));
    }

    private async Task<IActionResult> QuickOutcomeAsync(long id, WriteResult result, string done, string? returnUrl, CancellationToken cancellationToken)
    {
        var back = Url.IsLocalUrl(returnUrl) ? returnUrl : "/queue";
        switch (result.Status)
        {
            case WriteStatus.Ok:
                TempData["Flash"] = done;
                return Redirect(back);
            case WriteStatus.NotFound:
                return NotFound();
            case WriteStatus.Conflict:
                return await ConflictAsync(result.Claim!, 0, cancellationToken);
            default:
                TempData["Flash"] = string.Join(" ", result.Errors!.ToDictionary().SelectMany(e => e.Value));
                TempData["FlashIsError"] = true;
                return Redirect(back);
        }
    }

    private async Task<IActionResult> ConflictAsync(ClaimDetail current, long seenEventId, CancellationToken cancellationToken)
    {
        var events = await audit.ForClaimAsync(current.Claim.Id, cancellationToken);
        var posted = Request.Form
            .Where(f => f.Key != "__RequestVerificationToken"
                        && !f.Key.Equals("version", StringComparison.OrdinalIgnoreCase) && !f.Key.EndsWith(".Version", StringComparison.Ordinal)
                        && !f.Key.Equals("seenEventId", StringComparison.OrdinalIgnoreCase) && !f.Key.EndsWith(".SeenEventId", StringComparison.Ordinal))
            .SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? "")))
            .ToList();
        var versionKey = Request.Form.Keys.FirstOrDefault(k => k.EndsWith(".Version", StringComparison.Ordinal));
        var prefix = versionKey is null ? "" : versionKey[..versionKey.LastIndexOf('.')];
        Response.StatusCode = StatusCodes.Status409Conflict;
        return View("Conflict", new ConflictModel(current, events, seenEventId, Request.Path, posted, prefix));
    }

    private async Task<ClaimPageModel?> LoadPageAsync(long id, CancellationToken cancellationToken)
    {
        var detail = await store.GetAsync(id, cancellationToken);
        if (detail is null)
        {
            return null;
        }

        var events = await audit.ForClaimAsync(id, cancellationToken);
        var claim = detail.Claim;
        var seen = events.Count == 0 ? 0 : events[^1].Id;
        return new ClaimPageModel(detail, events, await desks.ListAsync(cancellationToken), await users.ListActiveAsync(cancellationToken), clock.GetUtcNow())
        {
            Edit = EditForm.From(claim, seen),
            Transition = new TransitionForm { Version = claim.Version, SeenEventId = seen },
            Review = new ReviewForm { Version = claim.Version, SeenEventId = seen },
            Assign = new AssignForm { Assignee = claim.AssigneeEmail, Version = claim.Version, SeenEventId = seen },
            Appearance = new AppearanceForm { Version = claim.Version, SeenEventId = seen },
            Evidence = new EvidenceForm { Version = claim.Version, SeenEventId = seen },
        };
    }

    /// <summary>
    /// An unreadable date reaches the command as a missing one, which it refuses alongside every other
    /// mistake; this puts the reason it was unreadable in place of "is required".
    /// </summary>
    private static WriteResult WithDateErrors(WriteResult result, FieldErrors dateErrors, string dateField)
    {
        if (dateErrors.IsEmpty)
        {
            return result;
        }

        var errors = new FieldErrors();
        foreach (var (field, messages) in result.Errors?.ToDictionary() ?? new Dictionary<string, string[]>())
        {
            if (field != dateField)
            {
                foreach (var message in messages)
                {
                    errors.Add(field, message);
                }
            }
        }

        errors.AddRange(dateErrors);
        return WriteResult.Invalid(errors);
    }

    private static string Pascal(string field) =>
        string.Join('.', field.Split('.').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
}
