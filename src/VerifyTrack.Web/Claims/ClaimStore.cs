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
        return await GetDetailAsync(connection, null, id);
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

    public async Task<ClaimPage> ListAsync(ClaimFilter filter, long? currentUserId, DateTimeOffset now, CancellationToken cancellationToken = default)
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

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            where.Append(" AND (c.statement LIKE @text ESCAPE '\\' OR c.claimant LIKE @text ESCAPE '\\')");
            parameters.Add("text", "%" + EscapeLike(filter.Text.Trim()) + "%");
        }

        parameters.Add("limit", filter.PageSize);
        parameters.Add("offset", (filter.Page - 1) * filter.PageSize);

        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(
            $"""
            SELECT COUNT(*)
              FROM claims c
              JOIN desks d ON d.id = c.desk_id
              LEFT JOIN users u ON u.id = c.assignee_id
            {where}
            """, parameters);

        var items = await connection.QueryAsync<ClaimRow>(
            $"""
            {SelectClaim}
            {where}
             ORDER BY c.review_due_at IS NULL, c.review_due_at, c.id
             LIMIT @limit OFFSET @offset
            """, parameters);

        return new ClaimPage(items.AsList(), filter.Page, filter.PageSize, total);
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
}
