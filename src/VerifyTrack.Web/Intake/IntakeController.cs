using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Desks;

namespace VerifyTrack.Web.Intake;

/// <summary>
/// Paste an article, see its candidate claims with their cues and likely duplicates, keep some, and create them
/// (or add the article to the claims they repeat) in one submit.
/// </summary>
[Authorize]
[Route("intake")]
public sealed class IntakeController(IntakeService intake, ClaimCommands commands, DeskStore desks, ClaimActors actors) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new IntakePageModel(new IntakeForm(), await desks.ListAsync(cancellationToken), Read: false));

    [HttpPost("read")]
    public async Task<IActionResult> Read([Bind(Prefix = "Form")] IntakeForm form, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var input = form.ToExtractInput(errors);
        var (extraction, extractErrors) = await intake.ExtractAsync(input, cancellationToken);
        errors.AddRange(extractErrors);
        if (extraction is null || !errors.IsEmpty)
        {
            return await InvalidAsync(form, errors, read: false, cancellationToken);
        }

        var all = await desks.ListAsync(cancellationToken);
        form.Take(extraction, await DefaultDeskAsync(all, cancellationToken));

        // The page shows what was read from the copy, not the (empty) fields that were posted.
        ModelState.Clear();
        return View("Index", new IntakePageModel(form, all, Read: true));
    }

    [HttpPost("create")]
    public async Task<IActionResult> Create([Bind(Prefix = "Form")] IntakeForm form, CancellationToken cancellationToken)
    {
        var kept = form.Candidates.Select((candidate, index) => (Candidate: candidate, Index: index)).Where(c => c.Candidate.Keep).ToList();
        var errors = new FieldErrors();
        if (kept.Count == 0)
        {
            errors.Add("candidates", "Tick at least one candidate to keep.");
            return await InvalidAsync(form, errors, read: true, cancellationToken);
        }

        var items = kept.Select(k => k.Candidate.ToItem(form, errors)).ToList();
        if (!errors.IsEmpty)
        {
            return await InvalidAsync(form, errors, read: true, cancellationToken);
        }

        var results = await commands.CreateFromArticleAsync(items, User.ToActor(), cancellationToken);
        if (results.All(r => r.Status == WriteStatus.Ok))
        {
            var created = results.Where((_, i) => items[i] is NewClaimFromArticle).Select(r => r.Claim!).ToList();
            var repeated = results.Where((_, i) => items[i] is AppearanceFromArticle).Select(r => r.Claim!).ToList();
            return View("Created", new IntakeResultModel(created, repeated));
        }

        var status = StatusCodes.Status400BadRequest;
        for (var i = 0; i < results.Count; i++)
        {
            var (result, index) = (results[i], kept[i].Index);
            switch (result.Status)
            {
                case WriteStatus.Invalid or WriteStatus.Refused:
                    foreach (var (field, messages) in result.Errors!.ToDictionary())
                    {
                        foreach (var message in messages)
                        {
                            ModelState.AddModelError(FieldName(field, index), message);
                        }
                    }

                    break;
                case WriteStatus.Forbidden:
                    ModelState.AddModelError($"Form.Candidates[{index}].Desk", result.Reason!);
                    status = StatusCodes.Status403Forbidden;
                    break;
                case WriteStatus.NotFound:
                    ModelState.AddModelError($"Form.Candidates[{index}].Target", $"There is no claim #{form.Candidates[index].Target}.");
                    break;
            }
        }

        ModelState.AddModelError("Form", "Nothing was created: correct the marked candidates and send again.");
        return await RenderAsync(form, status, cancellationToken);
    }

    /// <summary>Where a command's field error belongs on this page: article fields once, candidate fields per row.</summary>
    private static string FieldName(string field, int index)
    {
        var name = field.StartsWith("firstAppearance.", StringComparison.Ordinal) ? field["firstAppearance.".Length..] : field;
        return name switch
        {
            "url" or "outlet" or "headline" or "publishedAt" or "language" => $"Form.{FieldErrors.FormKey(name)}",
            "excerpt" => $"Form.Candidates[{index}].Sentence",
            "note" or "deniedBy" or "denialUrl" => $"Form.Candidates[{index}].DeniedBy",
            _ => $"Form.Candidates[{index}].{FieldErrors.FormKey(name)}",
        };
    }

    private async Task<IActionResult> InvalidAsync(IntakeForm form, FieldErrors errors, bool read, CancellationToken cancellationToken)
    {
        foreach (var (field, messages) in errors.ToDictionary())
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(field == "candidates" ? "Form" : $"Form.{FieldErrors.FormKey(field)}", message);
            }
        }

        return read
            ? await RenderAsync(form, StatusCodes.Status400BadRequest, cancellationToken)
            : View("Index", new IntakePageModel(form, await desks.ListAsync(cancellationToken), Read: false)).WithStatus(StatusCodes.Status400BadRequest);
    }

    /// <summary>The page as sent, its likely duplicates looked up again (they are never trusted from the form).</summary>
    private async Task<IActionResult> RenderAsync(IntakeForm form, int status, CancellationToken cancellationToken)
    {
        foreach (var candidate in form.Candidates.Where(c => !string.IsNullOrWhiteSpace(c.Statement)))
        {
            candidate.Similar = await intake.FindSimilarAsync(candidate.Statement!, cancellationToken);
        }

        return View("Index", new IntakePageModel(form, await desks.ListAsync(cancellationToken), Read: form.Candidates.Count > 0)).WithStatus(status);
    }

    private async Task<string?> DefaultDeskAsync(IReadOnlyList<DeskRow> all, CancellationToken cancellationToken)
    {
        var actor = await actors.ForUserAsync(User.Id(), cancellationToken);
        return all.FirstOrDefault(d => actor.DeskIds.Contains(d.Id))?.Slug ?? (actor.IsAdmin && all.Count > 0 ? all[0].Slug : null);
    }
}

internal static class ViewResultExtensions
{
    public static ViewResult WithStatus(this ViewResult view, int status)
    {
        view.StatusCode = status;
        return view;
    }
}
