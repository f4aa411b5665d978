using System.Data.Common;
using System.Text;
using Dapper;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Claims;

/// <summary>Reads claims. Writes go through <see cref="ClaimCommands"/>, which owns the transaction and the audit.</summary>
public sealed class ClaimStore(Database database)
{
    private const string SelectClaim = """
        SELECT c.id, c.slug, c.statement, c.claimant, c.summary,
               c.desk_id, d.slug AS desk_slug, d.name AS desk_name,
               c.priority, c.state,
               c.assignee_id, u.email AS assignee_email, u.display_name AS assignee_name,
               c.is_published, c.published_at, c.denied_by, c.denial_url, c.public_note,
               c.state_changed_at, c.created_at, c.updated_at, c.last_reviewed_at, c.review_due_at, c.version
          FROM claims c
          JOIN desks d ON d.id = c.desk_id
          LEFT JOIN users u ON u.id = c.assignee_id
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

    public async Task<ClaimPage> ListAsync(ClaimFilter filter, int page, int pageSize, long? currentUserId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = Where(filter, currentUserId, now);
        parameters.Add("limit", pageSize);
        parameters.Add("offset", (page - 1) * pageSize);

        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>($"{CountFrom} {where}", parameters);
        var items = await connection.QueryAsync<ClaimRow>(
            $"""
            {SelectClaim}
            {where}
             ORDER BY c.review_due_at IS NULL, c.review_due_at, c.id
             LIMIT @limit OFFSET @offset
            """, parameters);

        return new ClaimPage(items.AsList(), page, pageSize, total);
    }

    /// <summary>
    /// One page of the editors' queue: most overdue first, then by review due time, claims never due last.
    /// Keyset paging on (review_due_at, id) keeps deep pages as cheap as the first.
    /// </summary>
    public async Task<QueuePage> QueueAsync(ClaimFilter filter, QueueCursor? after, int pageSize, long? currentUserId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = Where(filter, currentUserId, now);
        var keyset = "";
        if (after is { ReviewDueAt: { } due })
        {
            keyset = " AND (c.review_due_at > @afterDue OR (c.review_due_at = @afterDue AND c.id > @afterId) OR c.review_due_at IS NULL)";
            parameters.Add("afterDue", due);
            parameters.Add("afterId", after.Id);
        }
        else if (after is not null)
        {
            keyset = " AND c.review_due_at IS NULL AND c.id > @afterId";
            parameters.Add("afterId", after.Id);
        }

        parameters.Add("limit", pageSize + 1);

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<ClaimRow>(
            $"""
            {SelectClaim}
            {where}{keyset}
             ORDER BY c.review_due_at IS NULL, c.review_due_at, c.id
             LIMIT @limit
            """, parameters)).AsList();

        var (countWhere, countParameters) = Where(filter with { State = null }, currentUserId, now);
        var counts = await connection.QueryAsync<(string State, long Count)>(
            $"SELECT c.state, COUNT(*) FROM claims c JOIN desks d ON d.id = c.desk_id LEFT JOIN users u ON u.id = c.assignee_id {countWhere} GROUP BY c.state",
            countParameters);

        var items = rows.Take(pageSize).ToList();
        var next = rows.Count > pageSize ? new QueueCursor(items[^1].ReviewDueAt, items[^1].Id) : null;
        var byState = Enum.GetValues<ClaimState>().ToDictionary(s => s, s => counts.FirstOrDefault(c => c.State == Wire.Name(s)).Count);
        return new QueuePage(items, next, byState);
    }

    private const string CountFrom = """
        SELECT COUNT(*)
          FROM claims c
          JOIN desks d ON d.id = c.desk_id
          LEFT JOIN users u ON u.id = c.assignee_id
        """;

    /// <summary>The WHERE clause for a filter: fixed fragments only, every value a parameter.</summary>
    private static (string Where, DynamicParameters Parameters) Where(ClaimFilter filter, long? currentUserId, DateTimeOffset now)
    {
        var where = new StringBuilder("WHERE 1 = 1");
        var parameters = new DynamicParameters();

        if (filter.State is { } state)
        {
            where.Append(" AND c.state = @state");
            parameters.Add("state", Wire.Name(state));
        }

        if (!string.IsNullOrEmpty(filter.Desk))
        {
            where.Append(" AND d.slug = @desk");
            parameters.Add("desk", filter.Desk);
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
                where.Append(" AND u.email = @assignee");
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

        if (SearchText.ToFtsQuery(filter.Text) is { } match)
        {
            where.Append(" AND c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH @match)");
            parameters.Add("match", match);
        }

        return (where.ToString(), parameters);
    }
}
