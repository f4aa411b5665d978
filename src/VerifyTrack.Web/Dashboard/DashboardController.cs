using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Desks;
using VerifyTrack.Web.Infrastructure.Web;

namespace VerifyTrack.Web.Dashboard;

public sealed record DashboardPageModel(DeskStatsResult Stats, IReadOnlyList<DeskRow> AllDesks, int Days);

/// <summary>The desk lead's view: where the chosen desks stand, as charts with their figures.</summary>
[Authorize]
public sealed class DashboardController(DeskStats stats, DeskStore desks, DashboardDesks chooser, TimeProvider clock) : Controller
{
    public static readonly int[] Periods = [30, 90];

    [HttpGet("/dashboard")]
    public async Task<IActionResult> Index([FromQuery(Name = "desk")] string[] desk, [FromQuery] string? days, CancellationToken cancellationToken)
    {
        var (query, errors, period) = await ParseAsync(desk, days, cancellationToken);
        if (query is null)
        {
            return BadRequest(string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value)));
        }

        return View(new DashboardPageModel(await stats.ComputeAsync(query, cancellationToken), await desks.ListAsync(cancellationToken), period));
    }

    [HttpGet("/dashboard/export.csv")]
    public async Task<IActionResult> Export([FromQuery(Name = "desk")] string[] desk, [FromQuery] string? days, CancellationToken cancellationToken)
    {
        var (query, errors, _) = await ParseAsync(desk, days, cancellationToken);
        if (query is null)
        {
            return BadRequest(string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value)));
        }

        var result = await stats.ComputeAsync(query, cancellationToken);
        return File(Encoding.UTF8.GetBytes(StatsCsv.Write(result)), "text/csv; charset=utf-8", $"verifytrack-stats-{query.From:yyyy-MM-dd}-{query.To:yyyy-MM-dd}.csv");
    }

    private async Task<(StatsQuery? Query, FieldErrors Errors, int Days)> ParseAsync(string[] deskSlugs, string? days, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var period = 30;
        if (days is not null && !(int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out period) && Periods.Contains(period)))
        {
            errors.Add("days", $"days must be one of: {string.Join(", ", Periods)}.");
        }

        var chosen = await chooser.ChooseAsync(deskSlugs, User.Id(), errors, cancellationToken);
        if (!errors.IsEmpty)
        {
            return (null, errors, period);
        }

        var today = DeskStats.LocalDay(clock.GetUtcNow(), DashboardDesks.ZoneOf(chosen));
        return (new StatsQuery(chosen, today.AddDays(1 - period), today, DashboardDesks.ZoneOf(chosen), clock.GetUtcNow()), errors, period);
    }
}
