using System.Data.Common;
using System.Text;
using System.Text.Json;
using Dapper;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Similarity;

namespace VerifyTrack.Web.Claims;

/// <summary>Reads claims. Writes go through <see cref="ClaimCommands"/>, which owns the transaction and the audit.</summary>
public sealed class ClaimStore(Database database, Aliases aliases)
{
    // Desk and assignee come from per-row lookups rather than joins: with claims alone in FROM, the
    // planner walks the queue order index and stops after one page instead of sorting every claim.
    private const string SelectClaim = """
        SELECT c.id, c.slug, c.statement, c.claimant, c.summary,
               c.desk_id,
               (SELECT d.slug FROM desks d WHERE d.id = c.desk_id) AS desk_slug,
               (SELECT d.name FROM desks d WHERE d.id = c.desk_id) AS desk_name,
               c.priority, c.state,
               c.assignee_id,
               (SELECT u.email FROM users u WHERE u.id = c.assignee_id) AS assignee_email,
               (SELECT u.display_name FROM users u WHERE u.id = c.assignee_id) AS assignee_name,
               c.is_published, c.published_at, c.denied_by, c.denial_url, c.public_note,
               c.state_changed_at, c.created_at, c.updated_at, c.last_reviewed_at, c.review_due_at, c.version
          FROM claims c
        """;

    public async Task<ClaimDetail?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // A read transaction gives one snapshot: the claim's version and its appearances and evidence agree.
        await using var snapshot = connection.BeginTransaction(deferred: true);
        return await GetDetailAsync(connection, snapshot, id);
    }

    internal static async Task<ClaimRow?> GetRowAsync(DbConnection connection, DbTransaction? transaction, long id) =>
        await connection.QuerySingleOrDefaultAsync<ClaimRow>($"{SelectClaim} WHERE c.id = @id", new { id }, transaction);

    internal static async Task<ClaimDetail?> GetDetailAsync(DbConnection connection, DbTransaction? transaction, long id)
    {
        var claim = await GetRowAsync(connection, transaction, id);
        if (claim is null)
        {
            return null;
        }

        var appearances = await connection.QueryAsync<AppearanceRow>(
            """
            SELECT id, claim_id, url, outlet, headline, published_at, excerpt, language, added_at
              FROM appearances
             WHERE claim_id = @id
             ORDER BY id
            """, new { id }, transaction);

        var evidence = await connection.QueryAsync<EvidenceRow>(
            """
            SELECT e.id, e.claim_id, e.url, e.description, e.stance, u.email AS added_by, e.added_at
              FROM evidence e
              JOIN users u ON u.id = e.added_by
             WHERE e.claim_id = @id
             ORDER BY e.id
            """, new { id }, transaction);

        return new ClaimDetail(claim, appearances.AsList(), evidence.AsList());
    }

    /// <summary>Each claim's version and its latest audit event, which a form based on the claim as it is now sends back.</summary>
    public async Task<IReadOnlyDictionary<long, (long Version, long LatestEventId)>> VersionsAsync(IEnumerable<long> ids, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, long Version, long LatestEventId)>(
            """
            SELECT c.id, c.version, COALESCE((SELECT MAX(e.id) FROM audit_events e WHERE e.claim_id = c.id), 0)
              FROM claims c
             WHERE c.id IN (SELECT value FROM json_each(@ids))
            """, new { ids = JsonSerializer.Serialize(ids) });
        return rows.ToDictionary(r => r.Id, r => (r.Version, r.LatestEventId));
    }

    /// <summary>The queue's sort key for claims that are never due: after every real time (see the indexes of migrations 0005 and 0008).</summary>
    internal const string NeverDueKey = "9999-12-31T23:59:59.999Z";

    /// <summary>A claim's place in the queue order, as the queue indexes hold it; the claims table is aliased <c>c</c>.</summary>
    internal const string QueueKey = $"COALESCE(c.review_due_at, '{NeverDueKey}')";
    private const string QueueOrder = $"{QueueKey}, c.id";

    private static string QueueKeyOf(QueueCursor cursor) => cursor.ReviewDueAt is { } due ? SqlTime.ToSql(due) : NeverDueKey;

    public async Task<ClaimPage> ListAsync(ClaimFilter filter, int page, int pageSize, long? currentUserId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var aliasSet = string.IsNullOrWhiteSpace(filter.Text) ? AliasSet.Empty : await aliases.CurrentAsync(connection, null);
        var (where, parameters) = Where(filter, currentUserId, now, aliasSet);
        parameters.Add("limit", pageSize);
        parameters.Add("offset", (page - 1) * pageSize);

        var total = (await CountByStateAsync(connection, filter, currentUserId, now, aliasSet)).Values.Sum();
        var items = await connection.QueryAsync<ClaimRow>(
            $"""
            {SelectClaim}
            {where}
             ORDER BY {QueueOrder}
             LIMIT @limit OFFSET @offset
            """, parameters);

        return new ClaimPage(items.AsList(), page, pageSize, total);
    }

    /// <summary>
    /// One page of the editors' queue: most overdue first, then by review due time, claims never due last.
    /// Keyset paging on the queue order index keeps deep pages as cheap as the first.
    /// </summary>
    public async Task<QueuePage> QueueAsync(ClaimFilter filter, QueueCursor? after, int pageSize, long? currentUserId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrWhiteSpace(filter.Text) && SearchText.ToFtsQuery(filter.Text, await aliases.CurrentAsync(cancellationToken)) is { } match)
        {
            return await SearchQueueAsync(filter, match, after, pageSize, currentUserId, now, cancellationToken);
        }

        var (where, parameters) = Where(filter, currentUserId, now, AliasSet.Empty);
        await using var connection = await database.OpenAsync(cancellationToken);
        var (items, next) = await ReadQueuePageAsync(connection, null, where, parameters, after, pageSize);
        return new QueuePage(items, next, await CountByStateAsync(connection, filter with { State = null }, currentUserId, now, AliasSet.Empty));
    }

    /// <summary>One page of claims in queue order, read from the top of the queue order index, after the cursor.</summary>
    private static async Task<(List<ClaimRow> Items, QueueCursor? Next)> ReadQueuePageAsync(
        DbConnection connection, DbTransaction? transaction, string where, DynamicParameters parameters, QueueCursor? after, int pageSize)
    {
        var keyset = "";
        if (after is not null)
        {
            keyset = $" AND ({QueueOrder}) > (@afterKey, @afterId)";
            parameters.Add("afterKey", QueueKeyOf(after));
            parameters.Add("afterId", after.Id);
        }

        parameters.Add("limit", pageSize + 1);
        var rows = (await connection.QueryAsync<ClaimRow>(
            $"""
            {SelectClaim}
            {where}{keyset}
             ORDER BY {QueueOrder}
             LIMIT @limit
            """, parameters, transaction)).AsList();

        var items = rows.Take(pageSize).ToList();
        return (items, rows.Count > pageSize ? new QueueCursor(items[^1].ReviewDueAt, items[^1].Id) : null);
    }

    /// <summary>Up to this many claims matching a search are counted by state; beyond it the queue says "more than".</summary>
    public const int CountedMatchesLimit = 1000;

    /// <summary>
    /// The words are matched once, in the search index, for the ids of every matching claim. Up to
    /// <see cref="CountedMatchesLimit"/> matches are then read narrowly (id, state, queue key) for both the
    /// counts and the page. Past it, reading every match would cost more than the rest of the page, so a
    /// search with no other filter reads the queue order from the top instead and stops at the page's
    /// last match, and the counts are left out. Only the page's claims are read in full.
    /// A search with any other filter reads every match, as claims of one state or desk can all sort late.
    /// </summary>
    private async Task<QueuePage> SearchQueueAsync(
        ClaimFilter filter, string match, QueueCursor? after, int pageSize, long? currentUserId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var snapshot = connection.BeginTransaction(deferred: true);
        var matched = (await connection.QueryAsync<long>(
            "SELECT rowid FROM claims_fts WHERE claims_fts MATCH @match", new { match }, snapshot)).AsList();
        var matchedJson = JsonSerializer.Serialize(matched);

        if (matched.Count > CountedMatchesLimit && filter with { Text = null } == new ClaimFilter())
        {
            // "+" keeps SQLite from looking each match up by id: it walks the queue order index instead.
            var (walked, walkedNext) = await ReadQueuePageAsync(
                connection, snapshot, "WHERE +c.id IN (SELECT value FROM json_each(@matched))",
                new DynamicParameters(new { matched = matchedJson }), after, pageSize);
            return new QueuePage(walked, walkedNext, CountsByState: null);
        }

        var (where, parameters) = Where(filter with { Text = null, State = null }, currentUserId, now, AliasSet.Empty);
        parameters.Add("matched", matchedJson);
        var matches = (await connection.QueryAsync<(long Id, string State, string Key)>(
            $"SELECT c.id, {StateOf(filter)}, {QueueKey} FROM claims c {where} AND c.id IN (SELECT value FROM json_each(@matched))",
            parameters, snapshot)).AsList();
        var counts = Enum.GetValues<ClaimState>().ToDictionary(s => s, s => (long)matches.Count(m => m.State == Wire.Name(s)));
        var afterKey = after is null ? null : QueueKeyOf(after);
        var page = matches
            .Where(m => filter.State is not { } state || m.State == Wire.Name(state))
            .Where(m => afterKey is null || string.CompareOrdinal(m.Key, afterKey) > 0 || (m.Key == afterKey && m.Id > after!.Id))
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .ThenBy(m => m.Id)
            .Take(pageSize + 1)
            .ToList();

        var ids = page.Select(m => m.Id).ToList();
        var rows = (await connection.QueryAsync<ClaimRow>($"{SelectClaim} WHERE c.id IN @ids", new { ids }, snapshot))
            .ToDictionary(r => r.Id);
        var items = page.Take(pageSize).Select(m => rows[m.Id]).ToList();

        // The cursor is the key the page was ordered by, so the next page starts exactly after it.
        var last = page.Count > pageSize ? page[pageSize - 1] : default;
        var next = page.Count > pageSize
            ? new QueueCursor(last.Key == NeverDueKey ? null : SqlTime.FromSql(last.Key), last.Id)
            : null;
        return new QueuePage(items, next, counts);
    }

    /// <summary>
    /// Claims per state for a filter. A filter of desk and state alone reads the counter table the
    /// database keeps; any other filter counts the matching claims.
    /// </summary>
    private static async Task<IReadOnlyDictionary<ClaimState, long>> CountByStateAsync(
        DbConnection connection, ClaimFilter filter, long? currentUserId, DateTimeOffset now, AliasSet aliasSet)
    {
        IEnumerable<(string State, long Count)> counts;
        if (filter with { Desk = null, State = null } == new ClaimFilter())
        {
            counts = await connection.QueryAsync<(string, long)>(
                """
                SELECT state, SUM(n)
                  FROM claim_counts
                 WHERE (@desk IS NULL OR desk_id = (SELECT id FROM desks WHERE slug = @desk))
                   AND (@state IS NULL OR state = @state)
                 GROUP BY state
                """,
                new { desk = filter.Desk, state = filter.State is { } s ? Wire.Name(s) : null });
        }
        else
        {
            var (where, parameters) = Where(filter, currentUserId, now, aliasSet);
            counts = await connection.QueryAsync<(string, long)>($"SELECT {StateOf(filter)} AS state, COUNT(*) FROM claims c {where} GROUP BY state", parameters);
        }

        var byState = counts.ToList();
        return Enum.GetValues<ClaimState>().ToDictionary(s => s, s => byState.FirstOrDefault(c => c.State == Wire.Name(s)).Count);
    }

    /// <summary>
    /// A claim's state, or with <see cref="ClaimFilter.StateAt"/> the state it was in then: the last change before it,
    /// else the state its first change left (it had not changed yet), else the state it is in (it never changed).
    /// </summary>
    private static string StateOf(ClaimFilter filter) => filter.StateAt is null
        ? "c.state"
        : """
          COALESCE((SELECT s.to_state FROM state_changes s WHERE s.claim_id = c.id AND s.at < @stateAt ORDER BY s.at DESC, s.id DESC LIMIT 1),
                   (SELECT s.from_state FROM state_changes s WHERE s.claim_id = c.id ORDER BY s.at, s.id LIMIT 1),
                   c.state)
          """;

    /// <summary>The WHERE clause for a filter, on the claims table alone: fixed fragments only, every value a parameter.</summary>
    private static (string Where, DynamicParameters Parameters) Where(ClaimFilter filter, long? currentUserId, DateTimeOffset now, AliasSet aliasSet)
    {
        var where = new StringBuilder("WHERE 1 = 1");
        var parameters = new DynamicParameters();

        if (filter.StateAt is { } stateAt)
        {
            where.Append(" AND c.created_at < @stateAt");
            parameters.Add("stateAt", stateAt);
        }

        if (filter.State is { } state)
        {
            where.Append($" AND {StateOf(filter)} = @state");
            parameters.Add("state", Wire.Name(state));
        }

        if (!string.IsNullOrEmpty(filter.Desk))
        {
            where.Append(" AND c.desk_id = (SELECT id FROM desks WHERE slug = @desk)");
            parameters.Add("desk", filter.Desk);
        }

        if (filter.Desks is { } desks)
        {
            where.Append(" AND c.desk_id IN (SELECT id FROM desks WHERE slug IN (SELECT value FROM json_each(@desks)))");
            parameters.Add("desks", JsonSerializer.Serialize(desks));
        }

        if (filter.Priority is { } priority)
        {
            where.Append(" AND c.priority = @priority");
            parameters.Add("priority", Wire.Name(priority));
        }

        switch (filter.Assignee)
        {
            case null or "" or "anyone":
                break;
            case "unassigned":
                where.Append(" AND c.assignee_id IS NULL");
                break;
            case "me":
                where.Append(" AND c.assignee_id = @me");
                parameters.Add("me", currentUserId);
                break;
            default:
                where.Append(" AND c.assignee_id = (SELECT id FROM users WHERE email = @assignee)");
                parameters.Add("assignee", filter.Assignee);
                break;
        }

        if (filter.Stale is { } stale)
        {
            where.Append(stale
                ? " AND c.review_due_at <= @now"
                : " AND (c.review_due_at IS NULL OR c.review_due_at > @now)");
            parameters.Add("now", now);
        }

        if (filter.Published is { } published)
        {
            where.Append(" AND c.is_published = @published");
            parameters.Add("published", published);
        }

        if (filter.Created is { } created)
        {
            where.Append(" AND c.created_at >= COALESCE(@createdFrom, '') AND c.created_at < COALESCE(@createdBefore, '9999')");
            parameters.Add("createdFrom", created.From);
            parameters.Add("createdBefore", created.Before);
        }

        if (filter.Verdict is { } verdict)
        {
            // A claim's first denial or confirmation, as the dashboard counts it (migration 0014).
            where.Append(" AND c.id IN (SELECT claim_id FROM first_verdicts WHERE verdict_at >= COALESCE(@verdictFrom, '') AND verdict_at < COALESCE(@verdictBefore, '9999'))");
            parameters.Add("verdictFrom", verdict.From);
            parameters.Add("verdictBefore", verdict.Before);
        }

        if (filter.Due is { } due)
        {
            where.Append(" AND c.review_due_at >= COALESCE(@dueFrom, '') AND c.review_due_at < COALESCE(@dueBefore, '9999')");
            parameters.Add("dueFrom", due.From);
            parameters.Add("dueBefore", due.Before);
        }

        if (filter.Alerted is { } alerted)
        {
            where.Append($" AND c.id IN (SELECT claim_id FROM audit_events WHERE kind IN ('{AuditKinds.Reminded}', '{AuditKinds.Escalated}') AND at >= COALESCE(@alertedFrom, '') AND at < COALESCE(@alertedBefore, '9999'))");
            parameters.Add("alertedFrom", alerted.From);
            parameters.Add("alertedBefore", alerted.Before);
        }

        if (filter.PublishedIn is { } publishedIn)
        {
            where.Append($" AND c.id IN (SELECT claim_id FROM audit_events WHERE kind = '{AuditKinds.Published}' AND at >= COALESCE(@publishedFrom, '') AND at < COALESCE(@publishedBefore, '9999'))");
            parameters.Add("publishedFrom", publishedIn.From);
            parameters.Add("publishedBefore", publishedIn.Before);
        }

        if (SearchText.ToFtsQuery(filter.Text, aliasSet) is { } match)
        {
            where.Append(" AND c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH @match)");
            parameters.Add("match", match);
        }

        return (where.ToString(), parameters);
    }
}
