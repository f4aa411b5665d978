using System.Globalization;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Desks;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Reminders;

namespace VerifyTrack.Web.Dashboard;

/// <summary>Which desks, which days (inclusive, in <see cref="Zone"/>), and when "now" is.</summary>
public sealed record StatsQuery(IReadOnlyList<DeskRow> Desks, DateOnly From, DateOnly To, TimeZoneInfo Zone, DateTimeOffset Now)
{
    /// <summary>The Monday starting the week <see cref="Now"/> is in, in <see cref="Zone"/>.</summary>
    public DateOnly ThisWeek => DeskStats.WeekStart(DeskStats.LocalDay(Now, Zone));
}

public sealed record DayStates(DateOnly Day, long Unverified, long Denied, long Confirmed);

/// <summary>Claims whose first verdict fell in the week starting <see cref="WeekStart"/> (a Monday), and how long they waited.</summary>
public sealed record WeekVerdicts(DateOnly WeekStart, string Desk, int Claims, double? MedianHours, double? P90Hours);

public sealed record OverdueBucket(string Label, long Claims);

/// <summary>A day's reminders and escalations, how many were followed by a review in time, and how many claims they were about.</summary>
public sealed record DayAlerts(DateOnly Day, int Reminders, int Escalations, int FollowedByReview, int Claims);

/// <summary>A desk's overdue claims at the end of each day (the day's last count; none where nothing was counted), and their sum.</summary>
public sealed record DeskStaleDays(string Desk, IReadOnlyList<long?> Overdue, long StaleDays);

public sealed record DeskStatsResult(
    StatsQuery Query,
    IReadOnlyList<DayStates> States,
    IReadOnlyList<WeekVerdicts> Verdicts,
    IReadOnlyList<OverdueBucket> Overdue,
    IReadOnlyDictionary<string, long> OverdueByDesk,
    IReadOnlyList<DayAlerts> Alerts,
    IReadOnlyList<DeskStaleDays> Stale,
    long Open,
    long Published,
    double? MedianHoursThisWeek,
    double? MedianHoursLastWeek);

/// <summary>
/// The desk lead's figures, from what the app already keeps: claim counts per desk and state (claim_counts) and
/// their moves per quarter hour, first verdicts (migration 0014), and reminder, escalation and review events.
/// </summary>
public sealed class DeskStats(Database database, IOptions<ReminderOptions> reminders)
{
    /// <summary>How long a claim has been overdue: each bucket from its start up to (not including) the next one's.</summary>
    public static readonly IReadOnlyList<(string Label, TimeSpan From)> OverdueBuckets =
    [
        ("under 1 hour", TimeSpan.Zero),
        ("1–4 hours", TimeSpan.FromHours(1)),
        ("4–24 hours", TimeSpan.FromHours(4)),
        ("1–3 days", TimeSpan.FromDays(1)),
        ("3–7 days", TimeSpan.FromDays(3)),
        ("over 7 days", TimeSpan.FromDays(7)),
    ];

    /// <summary>The review due times of the claims in overdue bucket <paramref name="bucket"/> at <paramref name="now"/>: from (none for the last) and before.</summary>
    public static (DateTimeOffset? From, DateTimeOffset Before) DueRange(int bucket, DateTimeOffset now) =>
        (bucket + 1 < OverdueBuckets.Count ? now - OverdueBuckets[bucket + 1].From : null, now - OverdueBuckets[bucket].From);

    public async Task<DeskStatsResult> ComputeAsync(StatsQuery query, CancellationToken cancellationToken = default)
    {
        var desks = query.Desks.Select(d => d.Id).ToArray();
        var deskJson = JsonSerializer.Serialize(desks);
        var start = StartOf(query.From, query.Zone);
        var end = StartOf(query.To.AddDays(1), query.Zone);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var snapshot = connection.BeginTransaction(deferred: true);

        var current = (await connection.QueryAsync<(string State, long Count)>(
            "SELECT state, SUM(n) FROM claim_counts WHERE desk_id IN (SELECT value FROM json_each(@deskJson)) GROUP BY state",
            new { deskJson }, snapshot)).ToDictionary(r => r.State, r => r.Count);
        var moves = (await connection.QueryAsync<(string Quarter, string State, long Delta)>(
            """
            SELECT quarter, state, SUM(delta)
              FROM claim_count_moves
             WHERE desk_id IN (SELECT value FROM json_each(@deskJson)) AND quarter >= @since
             GROUP BY quarter, state
            """,
            new { deskJson, since = Quarter(start) }, snapshot)).ToList();

        var verdicts = (await connection.QueryAsync<(long DeskId, DateTimeOffset At, long Minutes)>(
            """
            SELECT desk_id, verdict_at, minutes
              FROM first_verdicts
             WHERE desk_id IN (SELECT value FROM json_each(@deskJson)) AND verdict_at >= @weeks AND verdict_at < @end
            """,
            new { deskJson, weeks = StartOf(WeekStart(query.From), query.Zone), end = StartOf(WeekStart(query.To).AddDays(7), query.Zone) }, snapshot)).ToList();

        var now = query.Now;
        // One count per desk and bucket, each a range of the queue's index: a CASE over every overdue claim took 100 ms at 1M.
        var overdue = (await connection.QueryAsync<(long DeskId, long Bucket, long Count)>(
            string.Join(
                "\nUNION ALL\n",
                OverdueBuckets.Select((_, i) => $"""
                    SELECT d.value, {i},
                           (SELECT COUNT(*) FROM claims c WHERE c.desk_id = d.value AND {ClaimStore.QueueKey} >= @from{i} AND {ClaimStore.QueueKey} < @before{i})
                      FROM json_each(@deskJson) d
                    """)),
            OverdueParameters(deskJson, now), snapshot)).ToList();

        var repeat = reminders.Value.RepeatEvery;
        var alerts = (await connection.QueryAsync<(long ClaimId, string Kind, DateTimeOffset At, bool Followed)>(
            """
            SELECT e.claim_id, e.kind, e.at,
                   EXISTS (SELECT 1
                             FROM audit_events r
                            WHERE r.claim_id = e.claim_id AND r.id > e.id
                              AND r.kind IN ('claim.reviewed', 'claim.state_changed')
                              AND r.at <= strftime('%Y-%m-%dT%H:%M:%fZ', e.at, @repeat)) AS followed
              FROM audit_events e
              JOIN claims c ON c.id = e.claim_id
             WHERE e.at >= @start AND e.at < @end
               AND e.kind IN ('claim.reminded', 'claim.escalated')
               AND c.desk_id IN (SELECT value FROM json_each(@deskJson))
            """,
            new { deskJson, start, end, repeat = $"+{(long)repeat.TotalSeconds} seconds" }, snapshot)).ToList();

        var counts = (await connection.QueryAsync<(long DeskId, string Quarter, long Overdue)>(
            "SELECT desk_id, quarter, overdue FROM overdue_counts WHERE desk_id IN (SELECT value FROM json_each(@deskJson)) AND quarter >= @from AND quarter < @until",
            new { deskJson, from = Quarter(start), until = Quarter(end) }, snapshot)).ToList();

        var published = await connection.ExecuteScalarAsync<long>(
            """
            SELECT COUNT(DISTINCT e.claim_id)
              FROM audit_events e
              JOIN claims c ON c.id = e.claim_id
             WHERE e.at >= @weekStart AND e.kind = @published AND c.desk_id IN (SELECT value FROM json_each(@deskJson))
            """,
            new { deskJson, published = AuditKinds.Published, weekStart = StartOf(query.ThisWeek, query.Zone) }, snapshot);

        var deskNames = query.Desks.ToDictionary(d => d.Id, d => d.Slug);
        var hoursByWeek = verdicts.ToLookup(v => WeekStart(LocalDay(v.At, query.Zone)), v => v.Minutes / 60.0);
        return new DeskStatsResult(
            query,
            StatesByDay(query, current, moves),
            VerdictWeeks(query, verdicts.Select(v => (deskNames[v.DeskId], v.At, v.Minutes)).ToList()),
            OverdueBuckets.Select((b, i) => new OverdueBucket(b.Label, overdue.Where(o => o.Bucket == i).Sum(o => o.Count))).ToList(),
            query.Desks.ToDictionary(d => d.Slug, d => overdue.Where(o => o.DeskId == d.Id).Sum(o => o.Count)),
            AlertDays(query, alerts),
            StaleDays(query, counts.Select(c => (deskNames[c.DeskId], c.Quarter, c.Overdue)).ToList()),
            current.GetValueOrDefault("unverified") + current.GetValueOrDefault("denied"),
            published,
            Median(hoursByWeek[query.ThisWeek].ToList()),
            Median(hoursByWeek[query.ThisWeek.AddDays(-7)].ToList()));
    }

    /// <summary>The counts at the end of each day: today's, less every move after that day's end.</summary>
    internal static IReadOnlyList<DayStates> StatesByDay(StatsQuery query, IReadOnlyDictionary<string, long> current, IReadOnlyList<(string Quarter, string State, long Delta)> moves)
    {
        var counts = new Dictionary<string, long>(current);
        var ordered = moves.OrderByDescending(m => m.Quarter, StringComparer.Ordinal).ToList();
        var next = 0;
        var days = new List<DayStates>();
        for (var day = query.To; day >= query.From; day = day.AddDays(-1))
        {
            var endOfDay = Quarter(StartOf(day.AddDays(1), query.Zone));
            while (next < ordered.Count && string.CompareOrdinal(ordered[next].Quarter, endOfDay) >= 0)
            {
                counts[ordered[next].State] = counts.GetValueOrDefault(ordered[next].State) - ordered[next].Delta;
                next++;
            }

            days.Add(new DayStates(day, counts.GetValueOrDefault("unverified"), counts.GetValueOrDefault("denied"), counts.GetValueOrDefault("confirmed")));
        }

        days.Reverse();
        return days;
    }

    internal static IReadOnlyList<WeekVerdicts> VerdictWeeks(StatsQuery query, IReadOnlyList<(string Desk, DateTimeOffset At, long Minutes)> verdicts)
    {
        // Each verdict's local week is worked out once, not once per desk and week shown.
        var byDeskAndWeek = verdicts.ToLookup(v => (v.Desk, WeekStart(LocalDay(v.At, query.Zone))), v => v.Minutes / 60.0);
        var weeks = new List<WeekVerdicts>();
        foreach (var desk in query.Desks.Select(d => d.Slug))
        {
            for (var week = WeekStart(query.From); week <= query.To; week = week.AddDays(7))
            {
                var hours = byDeskAndWeek[(desk, week)].Order().ToList();
                weeks.Add(new WeekVerdicts(week, desk, hours.Count, Median(hours), Percentile(hours, 0.9)));
            }
        }

        return weeks;
    }

    internal static IReadOnlyList<DayAlerts> AlertDays(StatsQuery query, IReadOnlyList<(long ClaimId, string Kind, DateTimeOffset At, bool Followed)> alerts)
    {
        var byDay = alerts.ToLookup(a => LocalDay(a.At, query.Zone));
        var days = new List<DayAlerts>();
        for (var day = query.From; day <= query.To; day = day.AddDays(1))
        {
            var sent = byDay[day].ToList();
            days.Add(new DayAlerts(
                day,
                sent.Count(a => a.Kind == AuditKinds.Reminded),
                sent.Count(a => a.Kind == AuditKinds.Escalated),
                sent.Count(a => a.Followed),
                sent.Select(a => a.ClaimId).Distinct().Count()));
        }

        return days;
    }

    /// <summary>Each desk's last overdue count of each day, and the period's stale-days: the sum of those counts.</summary>
    internal static IReadOnlyList<DeskStaleDays> StaleDays(StatsQuery query, IReadOnlyList<(string Desk, string Quarter, long Overdue)> counts)
    {
        var byDesk = counts.ToLookup(c => c.Desk);
        var result = new List<DeskStaleDays>();
        foreach (var desk in query.Desks.Select(d => d.Slug))
        {
            var ordered = byDesk[desk].OrderBy(c => c.Quarter, StringComparer.Ordinal).ToList();
            var days = new List<long?>();
            var next = 0;
            for (var day = query.From; day <= query.To; day = day.AddDays(1))
            {
                var endOfDay = Quarter(StartOf(day.AddDays(1), query.Zone));
                long? last = null;
                while (next < ordered.Count && string.CompareOrdinal(ordered[next].Quarter, endOfDay) < 0)
                {
                    last = ordered[next].Overdue;
                    next++;
                }

                days.Add(last);
            }

            result.Add(new DeskStaleDays(desk, days, days.Sum(d => d ?? 0)));
        }

        return result;
    }

    /// <summary>The middle value; of an even count, the mean of the two middle ones.</summary>
    public static double? Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The nearest-rank percentile: the smallest value at or above <paramref name="share"/> of them.</summary>
    public static double? Percentile(IReadOnlyList<double> values, double share)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static DateOnly LocalDay(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    /// <summary>The UTC moment a local day starts in <paramref name="zone"/> (the first valid local time, across a DST gap).</summary>
    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The quarter hour a moment falls in, as claim_count_moves keys it: 'yyyy-MM-ddTHH:mm'.</summary>
    public static string Quarter(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute / 15 * 15, 0, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
    }

    private static DynamicParameters OverdueParameters(string deskJson, DateTimeOffset now)
    {
        var parameters = new DynamicParameters(new { deskJson });
        for (var i = 0; i < OverdueBuckets.Count; i++)
        {
            var (from, before) = DueRange(i, now);
            parameters.Add($"from{i}", from is { } f ? SqlTime.ToSql(f) : "");
            parameters.Add($"before{i}", SqlTime.ToSql(before));
        }

        return parameters;
    }
}
