using System.Globalization;
using System.Text;

namespace VerifyTrack.Web.Dashboard;

/// <summary>The dashboard's figures as one CSV: one row per figure, named by series, period and desk.</summary>
public static class StatsCsv
{
    public static string Write(DeskStatsResult result)
    {
        var csv = new StringBuilder("series,period,desk,measure,value\r\n");
        var desks = string.Join(' ', result.Query.Desks.Select(d => d.Slug));
        foreach (var day in result.States)
        {
            Row("claims_by_state", Day(day.Day), desks, "unverified", day.Unverified);
            Row("claims_by_state", Day(day.Day), desks, "denied", day.Denied);
            Row("claims_by_state", Day(day.Day), desks, "confirmed", day.Confirmed);
        }

        foreach (var week in result.Verdicts)
        {
            Row("time_to_verdict", Day(week.WeekStart), week.Desk, "claims", week.Claims);
            Row("time_to_verdict", Day(week.WeekStart), week.Desk, "median_hours", week.MedianHours);
            Row("time_to_verdict", Day(week.WeekStart), week.Desk, "p90_hours", week.P90Hours);
        }

        foreach (var bucket in result.Overdue)
        {
            Row("overdue_now", bucket.Label, desks, "claims", bucket.Claims);
        }

        foreach (var day in result.Alerts)
        {
            Row("alerts", Day(day.Day), desks, "reminders", day.Reminders);
            Row("alerts", Day(day.Day), desks, "escalations", day.Escalations);
            Row("alerts", Day(day.Day), desks, "followed_by_review", day.FollowedByReview);
            Row("alerts", Day(day.Day), desks, "claims", day.Claims);
        }

        foreach (var desk in result.Stale)
        {
            for (var i = 0; i < desk.Overdue.Count; i++)
            {
                Row("overdue_at_day_end", Day(result.Query.From.AddDays(i)), desk.Desk, "claims", desk.Overdue[i]);
            }

            Row("stale_days", $"{Day(result.Query.From)}/{Day(result.Query.To)}", desk.Desk, "claim_days", desk.StaleDays);
        }

        return csv.ToString();

        void Row(string series, string period, string desk, string measure, double? value) =>
            csv.Append(series).Append(',').Append(period).Append(',').Append(desk).Append(',').Append(measure).Append(',')
                .Append(value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "").Append("\r\n");
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
