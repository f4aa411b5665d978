using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Desks;
using VerifyTrack.Web.Similarity;

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

    /// <summary>Who is looking and the settings, to say what they may change; the commands decide again on each change.</summary>
    public ClaimActor Actor { get; init; } = ClaimActor.Nobody;

    public bool PublishRequiresLead { get; init; }

    public string? Refusal(ClaimAction action) => ClaimPermissions.Check(Actor, action, Detail.Claim.DeskId, PublishRequiresLead);
}

/// <param name="Duplicates">Existing claims that say the same as the statement typed; null when none was looked for.</param>
/// <param name="AskToConfirm">Creating was asked for but a likely duplicate exists: create only when confirmed.</param>
public sealed record NewClaimPageModel(NewClaimForm Form, IReadOnlyList<DeskRow> Desks, IReadOnlyList<DuplicateClaim>? Duplicates = null, bool AskToConfirm = false);

/// <summary>An existing claim like the one being logged, with what its "add as an appearance" form sends back.</summary>
public sealed record DuplicateClaim(SimilarClaim Match, long Version, long LatestEventId);

/// <summary>
/// What the conflict page shows: each field of the change this editor sent beside the claim as it is now, what
/// happened in between, and the form's fields to send again on top of the current version.
/// </summary>
public sealed record ConflictModel(
    ClaimDetail Current,
    IReadOnlyList<AuditEventRow> Events,
    long SeenEventId,
    string Action,
    string Prefix,
    IReadOnlyList<ChangedField> Changes,
    IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    public long LatestEventId => Events.Count == 0 ? 0 : Events[^1].Id;

    public string FieldName(string name) => Prefix.Length == 0 ? name : $"{Prefix}.{name}";
}

[Authorize]
[Route("claims")]
public sealed class ClaimsController(
    ClaimStore store,
    ClaimCommands commands,
    AuditReader audit,
    DeskStore desks,
    UserStore users,
    ClaimActors actors,
    SimilarClaims similar,
    Microsoft.Extensions.Options.IOptions<PermissionsOptions> permissions,
    TimeProvider clock) : Controller
{
    /// <summary>How many existing claims the new-claim page lists as possible duplicates.</summary>
    private const int DuplicatesShown = 5;

    [HttpGet("new")]
    public async Task<IActionResult> New(CancellationToken cancellationToken) =>
        View(new NewClaimPageModel(new NewClaimForm(), await desks.ListAsync(cancellationToken)));

    /// <summary>"Check for duplicates": the claims that say the same as the statement typed, before anything is created.</summary>
    [HttpPost("new/check")]
    public async Task<IActionResult> CheckDuplicates([Bind(Prefix = "Form")] NewClaimForm form, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        TextRules.Required(errors, "statement", form.Statement, TextRules.StatementMax);
        if (!errors.IsEmpty)
        {
            foreach (var message in errors.ToDictionary().SelectMany(e => e.Value))
            {
                ModelState.AddModelError("Form.Statement", message);
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("New", new NewClaimPageModel(form, await desks.ListAsync(cancellationToken)));
        }

        return View("New", new NewClaimPageModel(form, await desks.ListAsync(cancellationToken), await DuplicatesAsync(form.Statement!, cancellationToken)));
    }

    [HttpPost("new")]
    public async Task<IActionResult> Create([Bind(Prefix = "Form")] NewClaimForm form, CancellationToken cancellationToken)
    {
        // A likely duplicate stops the creation until the editor has seen it and chosen to create anyway.
        if (!form.CreateAnyway && !TextRules.IsBlank(form.Statement) && form.Statement.Length <= TextRules.StatementMax)
        {
            var duplicates = await DuplicatesAsync(form.Statement, cancellationToken);
            if (duplicates.Any(d => d.Match.Likeness == Likeness.Likely))
            {
                return View("New", new NewClaimPageModel(form, await desks.ListAsync(cancellationToken), duplicates, AskToConfirm: true));
            }
        }

        var dateErrors = new FieldErrors();
        var result = WithDateErrors(await commands.CreateAsync(form.ToInput(dateErrors), User.ToActor(), cancellationToken), dateErrors, "firstAppearance.publishedAt");
        if (result.Status == WriteStatus.Ok)
        {
            TempData["Flash"] = "Claim created.";
            return Redirect($"/claims/{result.Claim!.Claim.Id}");
        }

        if (result.Status == WriteStatus.Forbidden)
        {
            return Forbidden(result.Reason!, "/claims/new");
        }

        foreach (var (field, messages) in result.Errors!.ToDictionary())
        {
            var name = field.StartsWith("firstAppearance.", StringComparison.Ordinal) ? field["firstAppearance.".Length..] : field;
            foreach (var message in messages)
            {
                ModelState.AddModelError("Form." + FieldErrors.FormKey(name), message);
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("New", new NewClaimPageModel(form, await desks.ListAsync(cancellationToken)));
    }

    private async Task<IReadOnlyList<DuplicateClaim>> DuplicatesAsync(string statement, CancellationToken cancellationToken)
    {
        var matches = await similar.FindAsync(statement, DuplicatesShown, cancellationToken);
        var versions = await store.VersionsAsync(matches.Select(m => m.Id), cancellationToken);
        return matches
            .Where(m => versions.ContainsKey(m.Id))
            .Select(m => new DuplicateClaim(m, versions[m.Id].Version, versions[m.Id].LatestEventId))
            .ToList();
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
            "Changes saved.", page => page with { Edit = form }, form.Changes, cancellationToken);

    [HttpPost("{id:long}/transition")]
    public async Task<IActionResult> Transition(long id, [Bind(Prefix = "Transition")] TransitionForm form, CancellationToken cancellationToken) =>
        await OutcomeAsync(id, form, "Transition", await commands.TransitionAsync(id, form.ToInput(), User.ToActor(), cancellationToken),
            $"Moved to {form.To}.", page => page with { Transition = form }, (current, _) => form.Changes(current), cancellationToken);

    [HttpPost("{id:long}/review")]
    public async Task<IActionResult> Review(long id, [Bind(Prefix = "Review")] ReviewForm form, CancellationToken cancellationToken) =>
        await OutcomeAsync(id, form, "Review", await commands.ReviewAsync(id, new ReviewInput(form.Note, form.Version), User.ToActor(), cancellationToken),
            "Marked as reviewed.", page => page with { Review = form }, (current, _) => form.Changes(current), cancellationToken);

    [HttpPost("{id:long}/assign")]
    public async Task<IActionResult> Assign(long id, [Bind(Prefix = "Assign")] AssignForm form, CancellationToken cancellationToken) =>
        await OutcomeAsync(id, form, "Assign", await commands.AssignAsync(id, new AssignmentInput(form.Assignee, form.Version), User.ToActor(), cancellationToken),
            "Assignment saved.", page => page with { Assign = form }, (current, _) => form.Changes(current), cancellationToken);

    [HttpPost("{id:long}/publish")]
    public async Task<IActionResult> Publish(long id, [Bind(Prefix = "Publish")] VersionForm form, CancellationToken cancellationToken) =>
        await OutcomeAsync(id, form, "Publish", await commands.PublishAsync(id, new VersionInput(form.Version), User.ToActor(), cancellationToken),
            "Published on the status page.", page => page, (current, _) => [StatusPage(current, "published")], cancellationToken);

    [HttpPost("{id:long}/unpublish")]
    public async Task<IActionResult> Unpublish(long id, [Bind(Prefix = "Publish")] VersionForm form, CancellationToken cancellationToken) =>
        await OutcomeAsync(id, form, "Publish", await commands.UnpublishAsync(id, new VersionInput(form.Version), User.ToActor(), cancellationToken),
            "Taken off the status page.", page => page, (current, _) => [StatusPage(current, "not published")], cancellationToken);

    [HttpPost("{id:long}/appearances")]
    public async Task<IActionResult> AddAppearance(long id, [Bind(Prefix = "Appearance")] AppearanceForm form, CancellationToken cancellationToken)
    {
        var dateErrors = new FieldErrors();
        var result = WithDateErrors(await commands.AddAppearanceAsync(id, form.ToInput(dateErrors), User.ToActor(), cancellationToken), dateErrors, "publishedAt");
        return await OutcomeAsync(id, form, "Appearance", result, "Appearance added.", page => page with { Appearance = form },
            (current, _) => form.Changes(current), cancellationToken);
    }

    [HttpPost("{id:long}/appearances/{appearanceId:long}/remove")]
    public async Task<IActionResult> RemoveAppearance(long id, long appearanceId, [Bind(Prefix = "Remove")] VersionForm form, CancellationToken cancellationToken) =>
        await OutcomeAsync(id, form, "Appearance", await commands.RemoveAppearanceAsync(id, appearanceId, form.Version, User.ToActor(), cancellationToken),
            "Appearance removed.", page => page,
            (current, _) => [Removal("Appearance to remove", current.Appearances.FirstOrDefault(a => a.Id == appearanceId)?.Headline, $"appearance {appearanceId}")],
            cancellationToken, formPrefix: "Remove");

    [HttpPost("{id:long}/evidence")]
    public async Task<IActionResult> AddEvidence(long id, [Bind(Prefix = "Evidence")] EvidenceForm form, CancellationToken cancellationToken) =>
        await OutcomeAsync(id, form, "Evidence", await commands.AddEvidenceAsync(id, form.ToInput(), User.ToActor(), cancellationToken),
            "Evidence added.", page => page with { Evidence = form }, (current, _) => form.Changes(current), cancellationToken);

    [HttpPost("{id:long}/evidence/{evidenceId:long}/remove")]
    public async Task<IActionResult> RemoveEvidence(long id, long evidenceId, [Bind(Prefix = "Remove")] VersionForm form, CancellationToken cancellationToken) =>
        await OutcomeAsync(id, form, "Evidence", await commands.RemoveEvidenceAsync(id, evidenceId, form.Version, User.ToActor(), cancellationToken),
            "Evidence removed.", page => page,
            (current, _) => [Removal("Evidence to remove", current.Evidence.FirstOrDefault(e => e.Id == evidenceId)?.Description, $"evidence {evidenceId}")],
            cancellationToken, formPrefix: "Remove");

    /// <summary>The queue's one-click actions: they come back to the queue view they were taken from.</summary>
    [HttpPost("{id:long}/assign-to-me")]
    public async Task<IActionResult> AssignToMe(long id, long? version, string? returnUrl, CancellationToken cancellationToken) =>
        await QuickOutcomeAsync(id, await commands.AssignAsync(id, new AssignmentInput(User.Email(), version), User.ToActor(), cancellationToken),
            "Assigned to you.", returnUrl, current => [new("Assignee", User.Email(), current.Claim.AssigneeEmail ?? "unassigned")], [], cancellationToken);

    [HttpPost("{id:long}/quick-review")]
    public async Task<IActionResult> QuickReview(long id, long? version, string? note, string? returnUrl, CancellationToken cancellationToken) =>
        await QuickOutcomeAsync(id, await commands.ReviewAsync(id, new ReviewInput(note, version), User.ToActor(), cancellationToken),
            "Marked as reviewed.", returnUrl, _ => [new("Review note", note ?? "", null)], [new(nameof(note), note ?? "")], cancellationToken);

    private async Task<IActionResult> OutcomeAsync(
        long id, ClaimForm form, string prefix, WriteResult result, string done,
        Func<ClaimPageModel, ClaimPageModel> keepInput, Func<ClaimDetail, IReadOnlyList<DeskRow>, IReadOnlyList<ChangedField>> changes,
        CancellationToken cancellationToken, string? formPrefix = null)
    {
        switch (result.Status)
        {
            case WriteStatus.Ok:
                TempData["Flash"] = done;
                return Redirect($"/claims/{id}");
            case WriteStatus.NotFound:
                return NotFound();
            case WriteStatus.Forbidden:
                return Forbidden(result.Reason!, $"/claims/{id}");
            case WriteStatus.Conflict:
                var deskList = await desks.ListAsync(cancellationToken);
                // The conflict page posts the form again under the prefix its action binds, which for a removal
                // is not the section its errors are shown in.
                return await ConflictAsync(result.Claim!, form.SeenEventId, formPrefix ?? prefix, changes(result.Claim!, deskList), form.Fields(), cancellationToken);
        }

        ModelState.AddFieldErrors(prefix, result.Errors!);

        var page = await LoadPageAsync(id, cancellationToken);
        if (page is null)
        {
            return NotFound();
        }

        Response.StatusCode = result.Status == WriteStatus.Refused ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest;
        return View("Show", keepInput(page));
    }

    private async Task<IActionResult> QuickOutcomeAsync(
        long id, WriteResult result, string done, string? returnUrl,
        Func<ClaimDetail, IReadOnlyList<ChangedField>> changes, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        var back = Url.IsLocalUrl(returnUrl) ? returnUrl : "/queue";
        switch (result.Status)
        {
            case WriteStatus.Ok:
                TempData["Flash"] = done;
                return Redirect(back);
            case WriteStatus.NotFound:
                return NotFound();
            case WriteStatus.Forbidden:
                return Forbidden(result.Reason!, back!);
            case WriteStatus.Conflict:
                return await ConflictAsync(result.Claim!, 0, "", changes(result.Claim!), [.. fields, new(nameof(returnUrl), back)], cancellationToken);
            default:
                TempData["Flash"] = string.Join(" ", result.Errors!.ToDictionary().SelectMany(e => e.Value));
                TempData["FlashIsError"] = true;
                return Redirect(back);
        }
    }

    private async Task<IActionResult> ConflictAsync(
        ClaimDetail current, long seenEventId, string prefix, IReadOnlyList<ChangedField> changes,
        IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        var events = await audit.ForClaimAsync(current.Claim.Id, cancellationToken);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return View("Conflict", new ConflictModel(current, events, seenEventId, Request.Path, prefix, changes, fields.ToList()));
    }

    private ViewResult Forbidden(string reason, string back)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View("Forbidden", new ForbiddenModel(reason, back));
    }

    private static ChangedField StatusPage(ClaimDetail current, string yours) =>
        new("Status page", yours, current.Claim.IsPublished ? "published" : "not published");

    private static ChangedField Removal(string label, string? item, string fallback) =>
        new(label, item ?? fallback, item is null ? "already removed" : "still there");

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
            Actor = await actors.ForUserAsync(User.Id(), cancellationToken),
            PublishRequiresLead = permissions.Value.PublishRequiresLead,
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

}
