using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Infrastructure.Jobs;
using VerifyTrack.Web.Infrastructure.Mail;

namespace VerifyTrack.Web.Digests;

/// <summary>
/// Each desk's morning digest, to each of its leads: what is new since the last digest, what changed state,
/// what is stale (oldest first) and the counts by state. A desk is due once its local digest time has
/// passed on its local date; one digest per desk and local day, so a digest missed while the app was down
/// goes out once when it is back the same day.
/// </summary>
public sealed class DeskDigests(
    Database database,
    TimeProvider clock,
    Unsubscribe unsubscribe,
    MailRenderer renderer,
    IOptions<DigestOptions> options,
    IOptions<MailOptions> mail) : IScheduledWork
{
    public string Name => "desk-digests";

    public string Description => "Sends each desk lead the daily digest of their desk at the desk's local digest time.";

    public string Cron => options.Value.Cron;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        IReadOnlyList<DeskToDigest> desks;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            desks = (await connection.QueryAsync<DeskToDigest>("SELECT id, slug, name, time_zone, digest_local_time FROM desks ORDER BY id")).AsList();
        }

        int sent = 0, messages = 0;
        foreach (var desk in desks)
        {
            var localDate = DueLocalDate(desk, now, options.Value.LocalTime);
            if (localDate is { } date && await SendAsync(desk, date, now, cancellationToken) is { } queued)
            {
                sent++;
                messages += queued;
            }
        }

        return $"{sent} desk digests, {messages} messages queued";
    }

    /// <summary>Every desk's digest as it would be built at <paramref name="now"/> for the last day, sending nothing (benchmarks).</summary>
    public async Task<IReadOnlyList<DigestContent>> PreviewAllAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var snapshot = connection.BeginTransaction(deferred: true);
        var desks = await connection.QueryAsync<DeskToDigest>("SELECT id, slug, name, time_zone, digest_local_time FROM desks ORDER BY id", transaction: snapshot);
        var contents = new List<DigestContent>();
        foreach (var desk in desks)
        {
            contents.Add(await BuildAsync(connection, snapshot, desk, now.AddDays(-1), now));
        }

        return contents;
    }

    /// <summary>The desk's local date when its digest time has passed on it, else null.</summary>
    public static DateOnly? DueLocalDate(DeskToDigest desk, DateTimeOffset now, string defaultLocalTime)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(desk.TimeZone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var at = TimeOnly.ParseExact(desk.DigestLocalTime ?? defaultLocalTime, "HH:mm", CultureInfo.InvariantCulture);
        return TimeOnly.FromTimeSpan(local.TimeOfDay) >= at ? DateOnly.FromDateTime(local.DateTime) : null;
    }

    private async Task<int?> SendAsync(DeskToDigest desk, DateOnly localDate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var day = localDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return await database.WriteAsync<int?>(async write =>
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            var claimed = await connection.ExecuteAsync(
                "INSERT INTO digests (desk_id, local_date, sent_at) VALUES (@Id, @day, @now) ON CONFLICT DO NOTHING",
                new { desk.Id, day, now }, transaction);
            if (claimed == 0)
            {
                return null;
            }

            var since = await connection.ExecuteScalarAsync<string?>(
                "SELECT MAX(sent_at) FROM digests WHERE desk_id = @Id AND local_date < @day", new { desk.Id, day }, transaction) is { } last
                ? SqlTime.FromSql(last)
                : now.AddDays(-1);
            var content = await BuildAsync(connection, transaction, desk, since, now);

            var leads = await connection.QueryAsync<(long Id, string Email)>(
                """
                SELECT u.id, u.email
                  FROM users u
                  JOIN user_desks ud ON ud.user_id = u.id
                 WHERE ud.desk_id = @Id AND u.role = 'desk_lead' AND u.is_active = 1 AND u.digests_enabled = 1
                 ORDER BY u.id
                """, new { desk.Id }, transaction);
            var queued = 0;
            var baseUrl = mail.Value.AppBaseUrl.TrimEnd('/');
            foreach (var (leadId, email) in leads)
            {
                var unsubscribeUrl = unsubscribe.Url(baseUrl, leadId, MailList.Digests);
                var model = new DigestMailModel(desk.Name, localDate, content, baseUrl, $"{baseUrl}/account", unsubscribeUrl);
                var (text, html) = await renderer.RenderAsync<DigestMail, DigestMailText>(
                    p => p.Add(c => c.Mail, model), p => p.Add(c => c.Mail, model));
                if (await Outbox.EnqueueAsync(transaction, new NewMail($"digest:{leadId}:{desk.Slug}:{day}", "digest", email, model.Subject, text, html, unsubscribeUrl), now, mail.Value.MessageIdDomain))
                {
                    queued++;
                }
            }

            write.Commit();
            return queued;
        }, cancellationToken);
    }

    public sealed record DigestLine(long ClaimId, string Statement, string Detail);

    public sealed record DigestContent(
        IReadOnlyList<DigestLine> New, IReadOnlyList<DigestLine> Changed, IReadOnlyList<DigestLine> Stale, int MoreStale, IReadOnlyDictionary<ClaimState, long> Counts);

    private async Task<DigestContent> BuildAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, DeskToDigest desk, DateTimeOffset since, DateTimeOffset now)
    {
        var created = await connection.QueryAsync<(long Id, string Statement, string Priority, string Claimant)>(
            """
            SELECT id, statement, priority, claimant FROM claims
             WHERE desk_id = @Id AND created_at > @since AND created_at <= @now
             ORDER BY created_at, id
            """, new { desk.Id, since, now }, transaction);
        var changed = await connection.QueryAsync<(long Id, string Statement, string From, string To, string? DeniedBy)>(
            """
            SELECT c.id, c.statement, s.from_state, s.to_state, s.denied_by
              FROM state_changes s
             CROSS JOIN claims c ON c.id = s.claim_id -- from the day's changes, not from every claim of the desk
             WHERE c.desk_id = @Id AND s.at > @since AND s.at <= @now
             ORDER BY s.at, s.id
            """, new { desk.Id, since, now }, transaction);
        // The due time as the desk's queue index holds it (migration 0008), so both read that index.
        var stale = (await connection.QueryAsync<(long Id, string Statement, string State, DateTimeOffset Due)>(
            $"""
            SELECT c.id, c.statement, c.state, c.review_due_at FROM claims c
             WHERE c.desk_id = @Id AND {ClaimStore.QueueKey} <= @now
             ORDER BY {ClaimStore.QueueKey}, c.id
             LIMIT @limit
            """, new { desk.Id, now, limit = options.Value.MaxStaleListed + 1 }, transaction)).AsList();
        var staleTotal = await connection.ExecuteScalarAsync<int>(
            $"SELECT COUNT(*) FROM claims c WHERE c.desk_id = @Id AND {ClaimStore.QueueKey} <= @now", new { desk.Id, now }, transaction);
        var counts = await connection.QueryAsync<(string State, long Count)>(
            "SELECT state, n FROM claim_counts WHERE desk_id = @Id", new { desk.Id }, transaction);

        var listed = stale.Take(options.Value.MaxStaleListed).ToList();
        return new DigestContent(
            created.Select(c => new DigestLine(c.Id, c.Statement, $"{c.Priority} priority, claimed by {c.Claimant}")).ToList(),
            changed.Select(c => new DigestLine(c.Id, c.Statement, $"{c.From} → {c.To}" + (c.DeniedBy is { } by ? $" (denied by {by})" : ""))).ToList(),
            listed.Select(c => new DigestLine(c.Id, c.Statement, $"{c.State}, overdue by {Durations.Compact(now - c.Due)}")).ToList(),
            staleTotal - listed.Count,
            Enum.GetValues<ClaimState>().ToDictionary(s => s, s => counts.FirstOrDefault(c => c.State == Wire.Name(s)).Count));
    }

    public sealed class DeskToDigest
    {
        public long Id { get; init; }
        public string Slug { get; init; } = "";
        public string Name { get; init; } = "";
        public string TimeZone { get; init; } = "";
        public string? DigestLocalTime { get; init; }
    }
}
