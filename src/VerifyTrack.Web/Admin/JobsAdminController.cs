using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Infrastructure.Jobs;
using VerifyTrack.Web.Infrastructure.Mail;

namespace VerifyTrack.Web.Admin;

public sealed record JobRow(ScheduledJobInfo Job, JobRunRow? LastRun);

public sealed record JobsPageModel(IReadOnlyList<JobRow> Jobs, IReadOnlyList<JobRunRow> History, bool SchedulerRunning);

public sealed record OutboxPageModel(string State, IReadOnlyDictionary<string, long> Counts, IReadOnlyList<OutboxMessage> Messages, MailSetupProblem? SetupProblem);

/// <summary>The jobs and outbox pages. Every action is a POST; each job can be run now, paused or resumed.</summary>
[Authorize(Roles = Roles.Admin)]
[Route("admin")]
public sealed class JobsAdminController(JobRunner runner, IJobSchedule schedule, OutboxAdmin outbox) : Controller
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
        return View("Jobs", new JobsPageModel(jobs, history, schedule.IsRunning));
    }

    [HttpPost("jobs/{name}/run")]
    public async Task<IActionResult> Run(string name)
    {
        if (runner.Find(name) is null)
        {
            return NotFound();
        }

        // Not tied to the request: a closed tab must not stop a job halfway.
        var run = await runner.RunAsync(name, $"run now by {User.Email()}", CancellationToken.None);
        TempData["Flash"] = run.Outcome == "succeeded" ? $"{name}: {run.Summary}." : $"{name} failed: {FirstLine(run.Error)}";
        TempData["FlashIsError"] = run.Outcome != "succeeded";
        return Redirect("/admin/jobs");
    }

    [HttpPost("jobs/{name}/pause")]
    public Task<IActionResult> Pause(string name, CancellationToken cancellationToken) =>
        ChangeAsync(name, () => schedule.PauseAsync(name, cancellationToken), $"{name} is paused: it will not run on its schedule until resumed.");

    [HttpPost("jobs/{name}/resume")]
    public Task<IActionResult> Resume(string name, CancellationToken cancellationToken) =>
        ChangeAsync(name, () => schedule.ResumeAsync(name, cancellationToken), $"{name} runs on its schedule again.");

    [HttpGet("outbox")]
    public async Task<IActionResult> Outbox(string? state, CancellationToken cancellationToken)
    {
        var shown = Infrastructure.Mail.Outbox.States.Contains(state) ? state! : "pending";
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

    private static string FirstLine(string? text) => text?.Split('\n')[0] ?? "";
}
