namespace VerifyTrack.Web.Similarity;

public enum Likeness
{
    Suggested,
    Likely,
}

/// <summary>A term of the text looked up, weighed by how rare it is among the claims.</summary>
public sealed record WeightedTerm(MatchTerm Term, double Weight);

/// <summary>How alike a text and a claim are (0 to 1), and the claim's words that matched.</summary>
public sealed record Resemblance(double Score, IReadOnlyList<string> MatchedTerms);

/// <summary>
/// The similarity rule, as plain C#: a weighted Dice coefficient between the text's terms and the claim's. Each term
/// weighs its rarity (inverse document frequency), so sharing "Deir Ezzor" counts for more than sharing "killed".
/// The claimant's terms count when the text names the claimant, and are not held against the claim when it does not.
/// </summary>
public static class SimilarityScoring
{
    /// <summary>A smoothed inverse document frequency, always above zero: rare terms weigh more.</summary>
    public static double Weight(long documentFrequency, long claims)
    {
        var df = Math.Max(0, documentFrequency);
        var n = Math.Max(claims, df);
        return Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));
    }

    /// <param name="query">The text's distinct terms (aliases canonicalised), each with its weight.</param>
    /// <param name="statement">The claim statement's terms (aliases canonicalised).</param>
    /// <param name="claimant">The claimant's terms (aliases canonicalised).</param>
    /// <remarks>
    /// score = 2·W(matched) / (W(text) + W(matched) + w̄·u), where u counts the statement's terms the text does not
    /// have and w̄ is the text's mean term weight (the claim's unmatched terms are not looked up one by one).
    /// </remarks>
    public static Resemblance Score(IReadOnlyList<WeightedTerm> query, IReadOnlyList<MatchTerm> statement, IReadOnlyList<MatchTerm> claimant)
    {
        if (query.Count == 0)
        {
            return new Resemblance(0, []);
        }

        var claimTerms = statement.Concat(claimant).ToList();
        var claimKeys = claimTerms.SelectMany(t => t.Keys).ToHashSet(StringComparer.Ordinal);
        var queryKeys = query.SelectMany(q => q.Term.Keys).ToHashSet(StringComparer.Ordinal);

        var total = 0.0;
        var matchedWeight = 0.0;
        var matchedKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (term, weight) in query)
        {
            total += weight;
            if (term.Keys.Any(claimKeys.Contains))
            {
                matchedWeight += weight;
                matchedKeys.UnionWith(term.Keys);
            }
        }

        if (matchedWeight == 0)
        {
            return new Resemblance(0, []);
        }

        var unmatched = statement.Where(t => !t.Keys.Any(queryKeys.Contains)).Select(t => t.Key).Distinct(StringComparer.Ordinal).Count();
        var meanWeight = total / query.Count;
        var score = 2 * matchedWeight / (total + matchedWeight + (meanWeight * unmatched));

        var words = claimTerms
            .Where(t => t.Keys.Any(matchedKeys.Contains))
            .Select(t => t.Word)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new Resemblance(Math.Min(1, score), words);
    }

    /// <summary>
    /// Suggested at or above the first threshold; likely the same claim at or above the second, unless either text is
    /// shorter than <see cref="SimilarityOptions.LikelyMinWords"/> words; null below the first.
    /// </summary>
    public static Likeness? Classify(double score, int textWords, int claimWords, SimilarityOptions options)
    {
        if (score < options.SuggestedScore)
        {
            return null;
        }

        return score >= options.LikelyScore && Math.Min(textWords, claimWords) >= options.LikelyMinWords
            ? Likeness.Likely
            : Likeness.Suggested;
    }
}
