using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Infrastructure.Jobs;
using VerifyTrack.Web.Infrastructure.Mail;
using VerifyTrack.Web.Infrastructure.Web;

namespace VerifyTrack.Web.Admin;

public sealed record JobRow(ScheduledJobInfo Job, JobRunRow? LastRun);

public sealed record JobsPageModel(IReadOnlyList<JobRow> Jobs, IReadOnlyList<JobRunRow> History, bool FiresSchedules);

public sealed record OutboxPageModel(string State, IReadOnlyDictionary<string, long> Counts, IReadOnlyList<OutboxMessage> Messages, MailSetupProblem? SetupProblem);

/// <summary>The jobs and outbox pages. Every action is a POST; each job can be queued to run now, paused or resumed.</summary>
[Authorize(Roles = Roles.Admin)]
[Route("admin")]
public sealed class JobsAdminController(JobRunner runner, IJobSchedule schedule, JobPauses pauses, OutboxAdmin outbox) : Controller
{
    [HttpGet("jobs")]
    public async Task<IActionResult> Jobs(CancellationToken cancellationToken)
    {
        // The last runs of each job, so a job that runs every few seconds cannot push the others off the page.
        var history = new List<JobRunRow>();
        foreach (var job in runner.Jobs)
        {
            history.AddRange(await runner.RecentRunsAsync(job.Name, 10, cancellationToken));
        }

        history = history.OrderByDescending(r => r.Id).ToList();
        var jobs = (await schedule.ListAsync(cancellationToken))
            .Select(job => new JobRow(job, history.FirstOrDefault(r => r.Job == job.Name)))
            .ToList();
        return View("Jobs", new JobsPageModel(jobs, history, schedule.FiresSchedules));
    }

    [HttpPost("jobs/{name}/run")]
    public Task<IActionResult> Run(string name) =>
        ChangeAsync(
            name,
            () =>
            {
                schedule.Enqueue(name, $"run now by {User.Email()}");
                return Task.CompletedTask;
            },
            $"{name} is queued: it runs in a moment, and its outcome appears in the history below.");

    [HttpPost("jobs/{name}/pause")]
    public Task<IActionResult> Pause(string name, CancellationToken cancellationToken) =>
        ChangeAsync(name, () => pauses.PauseAsync(name, User.ToActor(), cancellationToken), $"{name} is paused: its scheduled runs are skipped until it is resumed.");

    [HttpPost("jobs/{name}/resume")]
    public Task<IActionResult> Resume(string name, CancellationToken cancellationToken) =>
        ChangeAsync(name, () => pauses.ResumeAsync(name, User.ToActor(), cancellationToken), $"{name} runs on its schedule again.");

    [HttpGet("outbox")]
    public async Task<IActionResult> Outbox(string? state, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var shown = QueryValues.OneOf(state, "state", "outbox state", Infrastructure.Mail.Outbox.States, errors) ?? "pending";
        if (!errors.IsEmpty)
        {
            return BadRequest(string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value)));
        }

        return View("Outbox", new OutboxPageModel(
            shown, await outbox.CountsAsync(cancellationToken), await outbox.ListAsync(shown, 200, cancellationToken), await outbox.SetupProblemAsync(cancellationToken)));
    }

    [HttpGet("outbox/{id:long}")]
    public async Task<IActionResult> Message(long id, CancellationToken cancellationToken) =>
        await outbox.GetAsync(id, cancellationToken) is { } message ? View("OutboxMessage", message) : NotFound();

    [HttpPost("outbox/{id:long}/retry")]
    public async Task<IActionResult> Retry(long id, CancellationToken cancellationToken)
    {
        var done = await outbox.RetryAsync(id, cancellationToken);
        TempData["Flash"] = done ? $"Message {id} will be sent again at the next run." : $"Message {id} is not dead, so there is nothing to retry.";
        return Redirect("/admin/outbox?state=dead");
    }

    [HttpPost("outbox/{id:long}/discard")]
    public async Task<IActionResult> Discard(long id, CancellationToken cancellationToken)
    {
        var done = await outbox.DiscardAsync(id, cancellationToken);
        TempData["Flash"] = done ? $"Message {id} discarded." : $"Message {id} is not dead, so it cannot be discarded.";
        return Redirect("/admin/outbox?state=dead");
    }

    private async Task<IActionResult> ChangeAsync(string name, Func<Task> change, string done)
    {
        if (runner.Find(name) is null)
        {
            return NotFound();
        }

        await change();
        TempData["Flash"] = done;
        return Redirect("/admin/jobs");
    }
}
