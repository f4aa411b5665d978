using System.Text;
using Dapper;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.PublicStatus;

/// <summary>A published claim as the public may see it: no notes, people, desks, evidence or summary.</summary>
public sealed class PublicClaim
{
    public long Id { get; init; }
    public string Slug { get; init; } = "";
    public string Statement { get; init; } = "";
    public string Claimant { get; init; } = "";
    public ClaimState State { get; init; }
    public DateTimeOffset StateChangedAt { get; init; }
    public string? PublicNote { get; init; }
    public string? DeniedBy { get; init; }
    public string? DenialUrl { get; init; }
    public DateTimeOffset PublishedAt { get; init; }
    public DateTimeOffset PublicUpdatedAt { get; init; }
    public string? FirstOutlet { get; init; }
    public string? FirstUrl { get; init; }
    public string? FirstHeadline { get; init; }
    public DateTimeOffset? FirstPublishedAt { get; init; }
}

public sealed class PublicAppearance
{
    public string Url { get; init; } = "";
    public string Outlet { get; init; } = "";
    public string Headline { get; init; } = "";
    public DateTimeOffset PublishedAt { get; init; }
    public string? Language { get; init; }
}

public sealed class PublicStateChange
{
    public long Id { get; init; }
    public string Slug { get; init; } = "";
    public string Statement { get; init; } = "";
    public ClaimState FromState { get; init; }
    public ClaimState ToState { get; init; }
    public string? PublicNote { get; init; }
    public string? DeniedBy { get; init; }
    public DateTimeOffset At { get; init; }
}

public sealed record PublicClaimDetail(PublicClaim Claim, IReadOnlyList<PublicAppearance> Appearances, IReadOnlyList<PublicStateChange> Timeline);

public sealed record PublicListQuery(ClaimState? State, string? Text, DateTimeOffset? Since, int Page, int PageSize);

/// <summary>
/// Every read the public side makes. Each query names the public columns it returns and filters on
/// <c>is_published = 1</c>, so nothing internal can reach a public response by accident.
/// </summary>
public sealed class PublicClaimStore(Database database)
{
    private const string SelectPublic = """
        SELECT c.id, c.slug, c.statement, c.claimant, c.state, c.state_changed_at, c.public_note, c.denied_by, c.denial_url,
               c.published_at, c.public_updated_at,
               a.outlet AS first_outlet, a.url AS first_url, a.headline AS first_headline, a.published_at AS first_published_at
          FROM claims c
          LEFT JOIN appearances a ON a.id = (SELECT MIN(id) FROM appearances WHERE claim_id = c.id)
        """;

    /// <summary>
    /// Newest public change first; with <see cref="PublicListQuery.Since"/>, oldest first from that moment
    /// (inclusive), for clients that sync incrementally.
    /// </summary>
    public async Task<(IReadOnlyList<PublicClaim> Items, long Total)> ListAsync(PublicListQuery query, CancellationToken cancellationToken = default)
    {
        var where = new StringBuilder("WHERE c.is_published = 1");
        var parameters = new DynamicParameters();
        if (query.State is { } state)
        {
            where.Append(" AND c.state = @state");
            parameters.Add("state", Wire.Name(state));
        }

        if (query.Since is { } since)
        {
            where.Append(" AND c.public_updated_at >= @since");
            parameters.Add("since", since);
        }

        // Only what the public page shows is searchable: excerpts are not, so they cannot be probed.
        if (SearchText.ToFtsQuery(query.Text, "statement", "claimant") is { } match)
        {
            where.Append(" AND c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH @match)");
            parameters.Add("match", match);
        }

        parameters.Add("limit", query.PageSize);
        parameters.Add("offset", (query.Page - 1) * query.PageSize);
        var order = query.Since is null ? "c.public_updated_at DESC, c.id DESC" : "c.public_updated_at, c.id";

        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM claims c {where}", parameters);
        var items = await connection.QueryAsync<PublicClaim>($"{SelectPublic} {where} ORDER BY {order} LIMIT @limit OFFSET @offset", parameters);
        return (items.AsList(), total);
    }

    /// <summary>The claim behind a slug, or null when there is none or it is not published: the two look the same.</summary>
    public async Task<PublicClaimDetail?> FindAsync(string slug, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var snapshot = connection.BeginTransaction(deferred: true);
        var claim = await connection.QuerySingleOrDefaultAsync<PublicClaim>(
            $"{SelectPublic} WHERE c.slug = @slug AND c.is_published = 1", new { slug }, snapshot);
        if (claim is null)
        {
            return null;
        }

        var appearances = await connection.QueryAsync<PublicAppearance>(
            "SELECT url, outlet, headline, published_at, language FROM appearances WHERE claim_id = @Id ORDER BY id",
            new { claim.Id }, snapshot);
        var timeline = await connection.QueryAsync<PublicStateChange>(
            """
            SELECT s.id, c.slug, c.statement, s.from_state, s.to_state, s.public_note, s.denied_by, s.at
              FROM state_changes s
              JOIN claims c ON c.id = s.claim_id
             WHERE s.claim_id = @Id
             ORDER BY s.at, s.id
            """, new { claim.Id }, snapshot);
        return new PublicClaimDetail(claim, appearances.AsList(), timeline.AsList());
    }

    /// <summary>When anything on the public side last changed (a published claim, or one being published or unpublished).</summary>
    public async Task<DateTimeOffset> LastPublicChangeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var stored = await connection.ExecuteScalarAsync<string?>(
            """
            SELECT COALESCE((SELECT value FROM app_settings WHERE key = 'public_changed_at'),
                            (SELECT MAX(public_updated_at) FROM claims WHERE is_published = 1))
            """);
        return stored is null ? DateTimeOffset.UnixEpoch : SqlTime.FromSql(stored);
    }

    /// <summary>State changes of the claims that are published now, newest first: the Atom feed.</summary>
    public async Task<IReadOnlyList<PublicStateChange>> RecentStateChangesAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PublicStateChange>(
            """
            SELECT s.id, c.slug, c.statement, s.from_state, s.to_state, s.public_note, s.denied_by, s.at
              FROM state_changes s
              JOIN claims c ON c.id = s.claim_id
             WHERE c.is_published = 1
             ORDER BY s.at DESC, s.id DESC
             LIMIT @limit
            """, new { limit });
        return rows.AsList();
    }
}
