using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.ApiDocs;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Desks;
using VerifyTrack.Web.Infrastructure.Web;

namespace VerifyTrack.Web.Dashboard;

public sealed record StatsJson(
    IReadOnlyList<string> Desks,
    string From,
    string To,
    string TimeZone,
    long Open,
    long Overdue,
    long PublishedThisWeek,
    double? MedianHoursToVerdictThisWeek,
    double? MedianHoursToVerdictLastWeek,
    IReadOnlyList<DayStatesJson> States,
    IReadOnlyList<WeekVerdictsJson> TimeToVerdict,
    IReadOnlyList<OverdueBucket> OverdueNow,
    IReadOnlyList<DayAlertsJson> Alerts,
    IReadOnlyList<DeskStaleDaysJson> StaleDays);

public sealed record DayStatesJson(string Day, long Unverified, long Denied, long Confirmed);

public sealed record WeekVerdictsJson(string WeekStart, string Desk, int Claims, double? MedianHours, double? P90Hours);

public sealed record DayAlertsJson(string Day, int Reminders, int Escalations, int FollowedByReview, int Claims);

public sealed record DeskStaleDaysJson(string Desk, long StaleDays, IReadOnlyList<DayOverdueJson> Days);

public sealed record DayOverdueJson(string Day, long? Overdue);

/// <summary>The dashboard's series as JSON, for the desk's own spreadsheets and screens.</summary>
[ApiController]
[Route("api/v1/stats")]
[Tags("Dashboard")]
[Authorize(AuthenticationSchemes = ApiTokenAuthenticationHandler.SchemeName)]
public sealed class StatsApiController(DeskStats stats, DashboardDesks chooser, TimeProvider clock) : ControllerBase
{
    public const int MaxDays = 366;

    [HttpGet]
    [EndpointSummary("The dashboard's figures for some desks over some days")]
    [EndpointDescription("Days are the desk's own (its time zone) when one desk is asked for, UTC days for several. `states` gives the claims in each state at the end of each day; `timeToVerdict` the hours from logging to first verdict per week (Monday) and desk; `overdueNow` how long the claims past their review window have been overdue; `alerts` the reminders and escalations sent per day, how many were followed by a review within the reminder repeat window, and how many claims they were about; `staleDays` each desk's overdue claims at the end of each day (null where the overdue-count job did not run) and their sum, claim-days overdue.")]
    [ProducesResponseType<StatsJson>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ApiResponseConventions.ProblemJson)]
    public async Task<IActionResult> Get(
        [FromQuery(Name = "desk"), Description("A desk's slug; repeat for several. By default the token user's desks, or every desk for a user on none.")] string[] desk,
        [FromQuery, Description("The first day, yyyy-MM-dd; by default 29 days before `to`.")] string? from,
        [FromQuery, Description("The last day, yyyy-MM-dd; by default today. At most 366 days after `from`.")] string? to,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var chosen = await chooser.ChooseAsync(desk, User.Id(), errors, cancellationToken);
        var zone = DashboardDesks.ZoneOf(chosen);
        var today = DeskStats.LocalDay(clock.GetUtcNow(), zone);
        var toDay = Date(QueryValues.Day(to, "to", errors)) ?? today;
        var fromDay = Date(QueryValues.Day(from, "from", errors)) ?? toDay.AddDays(-29);
        if (errors.IsEmpty && (fromDay > toDay || toDay.DayNumber - fromDay.DayNumber >= MaxDays))
        {
            errors.Add("from", $"from must be on or before to, and the range at most {MaxDays} days.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors, StatusCodes.Status400BadRequest);
        }

        var result = await stats.ComputeAsync(new StatsQuery(chosen, fromDay, toDay, zone, clock.GetUtcNow()), cancellationToken);
        return Ok(new StatsJson(
            chosen.Select(d => d.Slug).ToList(),
            Day(fromDay),
            Day(toDay),
            zone.Id,
            result.Open,
            result.Overdue.Sum(b => b.Claims),
            result.Published,
            result.MedianHoursThisWeek,
            result.MedianHoursLastWeek,
            result.States.Select(s => new DayStatesJson(Day(s.Day), s.Unverified, s.Denied, s.Confirmed)).ToList(),
            result.Verdicts.Select(v => new WeekVerdictsJson(Day(v.WeekStart), v.Desk, v.Claims, v.MedianHours, v.P90Hours)).ToList(),
            result.Overdue,
            result.Alerts.Select(a => new DayAlertsJson(Day(a.Day), a.Reminders, a.Escalations, a.FollowedByReview, a.Claims)).ToList(),
            result.Stale.Select(d => new DeskStaleDaysJson(d.Desk, d.StaleDays, d.Overdue.Select((n, i) => new DayOverdueJson(Day(fromDay.AddDays(i)), n)).ToList())).ToList()));
    }

    private static DateOnly? Date(DateTimeOffset? day) => day is { } d ? DateOnly.FromDateTime(d.UtcDateTime) : null;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
