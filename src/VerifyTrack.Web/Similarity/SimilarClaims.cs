using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Similarity;

public sealed record SimilarClaim(
    long Id, string Slug, string Statement, string? Claimant, string State, double Score, IReadOnlyList<string> MatchedTerms, Likeness Likeness);

/// <summary>
/// Finds the existing claims that say the same thing as a text. The index (<c>claims_similarity</c>) narrows a
/// million claims to a few hundred candidates that share the text's rarest terms; each is then scored in full by
/// <see cref="SimilarityScoring"/>, with aliases applied to both sides.
/// </summary>
public sealed class SimilarClaims(Database database, Aliases aliases, TermFrequencies frequencies, IOptions<SimilarityOptions> options)
{
    /// <summary>How many of the text's rarest terms the index is asked about; each query holds a claim that has several.</summary>
    private const int LookupTerms = 5;

    private sealed record Row(long Id, string Slug, string Statement, string? Claimant, string State);

    /// <summary>The claims at or above the suggested threshold, best first (then newest first), at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<SimilarClaim>> FindAsync(string text, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (limit <= 0)
        {
            return [];
        }

        var settings = options.Value;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var snapshot = connection.BeginTransaction(deferred: true);
        var aliasSet = await aliases.CurrentAsync(connection, snapshot);
        var terms = aliasSet.Canonicalise(MatchTerms.Of(text)).DistinctBy(t => t.Key, StringComparer.Ordinal).ToList();
        if (terms.Count == 0)
        {
            return [];
        }

        var claims = await connection.ExecuteScalarAsync<long>("SELECT COALESCE(SUM(n), 0) FROM claim_counts", transaction: snapshot);
        var lookups = terms.Select(t => Lookup.Of(t, aliasSet)).ToList();
        var df = await frequencies.GetAsync(connection, snapshot, lookups.SelectMany(l => l.Keys).Distinct(StringComparer.Ordinal));
        var weighted = lookups.Select(l => (Lookup: l, Frequency: l.Frequency(df))).ToList();

        var rarest = weighted.Where(w => w.Frequency > 0).OrderBy(w => w.Frequency).Take(LookupTerms).Select(w => w.Lookup.Expression).ToList();
        if (rarest.Count == 0)
        {
            return [];
        }

        // Claims that share nearly all the rarest terms, newest first; when there are fewer of those than the index
        // may hand on, claims that share any two of them too.
        var ids = new HashSet<long>(await CandidatesAsync(connection, snapshot, AtLeast(rarest.Count <= 2 ? rarest.Count : rarest.Count - 1, rarest), settings.MaxCandidates));
        if (rarest.Count > 3 && ids.Count < settings.MaxCandidates)
        {
            ids.UnionWith(await CandidatesAsync(connection, snapshot, AtLeast(2, rarest), settings.MaxCandidates));
        }

        var rows = await connection.QueryAsync<Row>(
            """
            SELECT id, slug, statement, claimant, state
              FROM claims
             WHERE id IN (SELECT value FROM json_each(@ids))
            """, new { ids = JsonSerializer.Serialize(ids) }, snapshot);

        var query = weighted.Select(w => new WeightedTerm(w.Lookup.Term, SimilarityScoring.Weight(w.Frequency, claims))).ToList();
        var textWords = MatchTerms.CountWords(text);
        var found = new List<SimilarClaim>();
        foreach (var row in rows)
        {
            var resemblance = SimilarityScoring.Score(query, aliasSet.Canonicalise(MatchTerms.Of(row.Statement)), aliasSet.Canonicalise(MatchTerms.Of(row.Claimant)));
            if (SimilarityScoring.Classify(resemblance.Score, textWords, MatchTerms.CountWords(row.Statement), settings) is { } likeness)
            {
                found.Add(new SimilarClaim(row.Id, row.Slug, row.Statement, row.Claimant, row.State, Math.Round(resemblance.Score, 3), resemblance.MatchedTerms, likeness));
            }
        }

        return found.OrderByDescending(c => c.Score).ThenByDescending(c => c.Id).Take(limit).ToList();
    }

    private static async Task<IEnumerable<long>> CandidatesAsync(DbConnection connection, DbTransaction snapshot, string match, int limit) =>
        await connection.QueryAsync<long>(
            """
            SELECT rowid
              FROM claims_similarity
             WHERE claims_similarity MATCH @match
             ORDER BY rowid DESC
             LIMIT @limit
            """, new { match, limit }, snapshot);

    /// <summary>An FTS5 query matching a row that has at least <paramref name="count"/> of the terms: an OR of ANDs.</summary>
    internal static string AtLeast(int count, IReadOnlyList<string> expressions)
    {
        var combinations = new List<string>();
        Combine(0, []);
        return string.Join(" OR ", combinations);

        void Combine(int from, List<string> chosen)
        {
            if (chosen.Count == count)
            {
                combinations.Add(count == 1 ? chosen[0] : $"({string.Join(" AND ", chosen)})");
                return;
            }

            for (var i = from; i < expressions.Count; i++)
            {
                chosen.Add(expressions[i]);
                Combine(i + 1, chosen);
                chosen.RemoveAt(chosen.Count - 1);
            }
        }
    }

    /// <summary>How one term of the text is asked of the index: the keys it may be stored as, and as a query.</summary>
    private sealed record Lookup(MatchTerm Term, IReadOnlyList<string[]> Alternatives)
    {
        public IEnumerable<string> Keys => Alternatives.SelectMany(a => a);

        public string Expression => Alternatives.Count == 1 && Alternatives[0].Length == 1
            ? Quote(Alternatives[0][0])
            : "(" + string.Join(" OR ", Alternatives.Select(a => a.Length == 1 ? Quote(a[0]) : "(" + string.Join(" AND ", a.Select(Quote)) + ")")) + ")";

        /// <summary>About how many claims hold the term: any of its alternatives, each as many as its rarest key.</summary>
        public long Frequency(IReadOnlyDictionary<string, long> df) =>
            Alternatives.Sum(a => a.Min(k => df.GetValueOrDefault(k)));

        public static Lookup Of(MatchTerm term, AliasSet aliases) =>
            AliasSet.IsGroupKey(term.Key) && long.TryParse(term.Key.AsSpan(AliasSet.GroupKeyPrefix.Length), out var groupId)
                ? new Lookup(term, aliases.MemberKeys(groupId))
                : new Lookup(term, term.Keys.Select(k => new[] { k }).ToList());

        private static string Quote(string key) => $"\"{key.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }
}

/// <summary>
/// How many claims hold each term, from the index's vocabulary. Asking the vocabulary walks the term's whole list of
/// claims, which for a common term at a million claims costs milliseconds, so the count of a common term is
/// remembered for a minute: it only weighs the term, and a few more claims barely move it. A rare term's count is
/// cheap to ask and decides whether the index is asked for it at all, so it is always read afresh.
/// </summary>
public sealed class TermFrequencies
{
    private static readonly long Lifetime = Stopwatch.Frequency * 60;
    private const int MaxRemembered = 100_000;
    private const long CommonFrom = 1_000;

    private readonly ConcurrentDictionary<string, (long Frequency, long At)> _remembered = new(StringComparer.Ordinal);

    public async Task<IReadOnlyDictionary<string, long>> GetAsync(DbConnection connection, DbTransaction? transaction, IEnumerable<string> keys)
    {
        var now = Stopwatch.GetTimestamp();
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (_remembered.TryGetValue(key, out var known) && now - known.At < Lifetime)
            {
                result[key] = known.Frequency;
                continue;
            }

            var frequency = await connection.ExecuteScalarAsync<long?>(
                "SELECT doc FROM claims_similarity_vocab WHERE term = @key", new { key }, transaction) ?? 0;
            if (frequency >= CommonFrom)
            {
                if (_remembered.Count >= MaxRemembered)
                {
                    _remembered.Clear();
                }

                _remembered[key] = (frequency, now);
            }

            result[key] = frequency;
        }

        return result;
    }
}
