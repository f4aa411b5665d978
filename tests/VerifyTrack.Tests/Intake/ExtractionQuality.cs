using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Intake;

namespace VerifyTrack.Tests.Intake;

/// <summary>
/// Holds the extractor's candidates against the hand-written labels in Intake/Fixtures (see its README): which
/// sentences are claims, who claims them, which are denied. A candidate and a label are the same sentence when
/// most of their words are shared (sentence splitting may differ at the edges). Sentences labelled as denials or
/// confirmations of another claim count neither for nor against precision.
/// </summary>
public static partial class ExtractionQuality
{
    private const double SameSentence = 0.6;

    public static string FixturesFolder => Path.Combine(AppContext.BaseDirectory, "Intake", "Fixtures");

    public static IReadOnlyList<ArticleScore> ScoreAll() =>
        Directory.GetFiles(FixturesFolder, "*.txt").Order(StringComparer.Ordinal).Select(Score).ToList();

    public static ArticleScore Score(string articlePath)
    {
        var labels = JsonSerializer.Deserialize<Labels>(
            File.ReadAllText(Path.ChangeExtension(articlePath, null) + ".labels.json"), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var extraction = ClaimExtractor.Extract(new Article(File.ReadAllText(articlePath)));
        var claims = labels.Claims.Where(l => l.Role is null).ToList();
        var others = labels.Claims.Where(l => l.Role is not null).ToList();

        int counted = 0, correct = 0, claimantRight = 0, stateRight = 0, matchedPairs = 0, deniedPredicted = 0, deniedPredictedRight = 0;
        int hedgedLabels = 0, hedgedFound = 0;
        var found = new HashSet<Label>();
        var misses = new List<string>();
        foreach (var candidate in extraction.Candidates)
        {
            var label = claims.Select(l => (Label: l, Overlap: Overlap(candidate.Sentence, l.Sentence))).Where(x => x.Overlap >= SameSentence)
                .OrderByDescending(x => x.Overlap).Select(x => x.Label).FirstOrDefault();
            if (label is null)
            {
                if (!others.Any(o => Overlap(candidate.Sentence, o.Sentence) >= SameSentence))
                {
                    counted++;
                    misses.Add($"not a claim: {candidate.Sentence}");
                }

                continue;
            }

            counted++;
            correct++;
            if (!found.Add(label))
            {
                continue;
            }

            matchedPairs++;
            if (SameParty(candidate.Claimant, label.Claimants))
            {
                claimantRight++;
            }
            else
            {
                misses.Add($"claimant '{candidate.Claimant}' for [{string.Join(" | ", label.Claimants)}]: {label.Sentence}");
            }

            var predicted = Wire.Name(candidate.SuggestedState);
            if (predicted == label.State)
            {
                stateRight++;
            }
            else
            {
                misses.Add($"state {predicted} ({candidate.DeniedBy}) for {label.State} ({label.DeniedBy}): {label.Sentence}");
            }

            if (label.Hedged)
            {
                hedgedLabels++;
                hedgedFound += candidate.Cues.Any(c => c.Kind == CueKind.Hedge) ? 1 : 0;
            }

            if (candidate.SuggestedState == ClaimState.Denied)
            {
                deniedPredicted++;
                deniedPredictedRight += label.State == "denied" ? 1 : 0;
            }
        }

        misses.AddRange(claims.Where(c => !found.Contains(c)).Select(c => $"missed: {c.Sentence}"));
        var deniedLabels = found.Count(l => l.State == "denied");
        return new ArticleScore(
            Path.GetFileNameWithoutExtension(articlePath),
            claims.Count, counted, correct, found.Count, matchedPairs, claimantRight, stateRight,
            deniedLabels, deniedPredicted, deniedPredictedRight, hedgedLabels, hedgedFound,
            HeadlineRight: labels.Headline is null || Words(extraction.Headline ?? "").SetEquals(Words(labels.Headline)),
            DateRight: labels.PublishedAt == extraction.PublishedAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            misses);
    }

    public static string Table(IReadOnlyList<ArticleScore> scores)
    {
        var table = new StringBuilder();
        table.AppendLine("| article | claims | candidates | precision | recall | claimant | state | denied precision | denied recall | hedges found | headline | date |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|:-:|");
        foreach (var s in scores.Append(ArticleScore.Total(scores)))
        {
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Article} | {s.Claims} | {s.Candidates} | {Percent(s.Precision)} | {Percent(s.Recall)} | {Percent(s.ClaimantAccuracy)} | {Percent(s.StateAccuracy)} | {Percent(s.DeniedPrecision)} | {Percent(s.DeniedRecall)} | {Percent(s.HedgeRecall)} | {(s.Article == "all" ? $"{s.HeadlinesRight}/{scores.Count}" : s.HeadlineRight ? "yes" : "no")} | {(s.Article == "all" ? $"{s.DatesRight}/{scores.Count}" : s.DateRight ? "yes" : "no")} |");
        }

        return table.ToString();
    }

    private static string Percent(double value) => double.IsNaN(value) ? "–" : value.ToString("P0", CultureInfo.InvariantCulture);

    /// <summary>Shared words over the longer sentence's words.</summary>
    public static double Overlap(string a, string b)
    {
        var (x, y) = (Words(a), Words(b));
        return x.Count == 0 || y.Count == 0 ? 0 : (double)x.Intersect(y).Count() / Math.Max(x.Count, y.Count);
    }

    /// <summary>The same party when one name holds the other once articles, possessives and punctuation are gone.</summary>
    public static bool SameParty(string? found, IReadOnlyList<string> accepted)
    {
        if (accepted.Count == 0)
        {
            return found is null;
        }

        if (found is null)
        {
            return false;
        }

        var f = Normal(found);
        return accepted.Select(Normal).Any(a => a.Length > 0 && f.Length > 0 && (a == f || Contains(a, f) || Contains(f, a)));

        static bool Contains(string longer, string shorter) => $" {longer} ".Contains($" {shorter} ", StringComparison.Ordinal);
    }

    private static string Normal(string party) =>
        string.Join(' ', NonWord().Replace(party.ToLowerInvariant().Replace("’s", "").Replace("'s", ""), " ")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w is not ("the" or "a" or "an")));

    private static HashSet<string> Words(string text) =>
        NonWord().Replace(text.ToLowerInvariant(), " ").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NonWord();

    public sealed record Labels(string? Headline, string? PublishedAt, IReadOnlyList<Label> Claims);

    public sealed record Label(string Sentence, IReadOnlyList<string> Claimants, string? State, string? DeniedBy, bool Hedged, string? Role)
    {
        public IReadOnlyList<string> Claimants { get; init; } = Claimants ?? [];
    }

    public sealed record ArticleScore(
        string Article, int Claims, int Candidates, int Correct, int Found, int Matched, int ClaimantRight, int StateRight,
        int DeniedLabels, int DeniedPredicted, int DeniedPredictedRight, int HedgedLabels, int HedgedFound, bool HeadlineRight, bool DateRight, IReadOnlyList<string> Misses)
    {
        public int HeadlinesRight { get; init; }

        public int DatesRight { get; init; }

        public double Precision => Candidates == 0 ? double.NaN : (double)Correct / Candidates;

        public double Recall => Claims == 0 ? double.NaN : (double)Found / Claims;

        public double ClaimantAccuracy => Matched == 0 ? double.NaN : (double)ClaimantRight / Matched;

        public double StateAccuracy => Matched == 0 ? double.NaN : (double)StateRight / Matched;

        public double DeniedPrecision => DeniedPredicted == 0 ? double.NaN : (double)DeniedPredictedRight / DeniedPredicted;

        public double DeniedRecall => DeniedLabels == 0 ? double.NaN : (double)DeniedPredictedRight / DeniedLabels;

        /// <summary>Of the found claims the labels call hedged, how many carry a hedge cue (theirs or a nearby note's).</summary>
        public double HedgeRecall => HedgedLabels == 0 ? double.NaN : (double)HedgedFound / HedgedLabels;

        public static ArticleScore Total(IReadOnlyList<ArticleScore> scores) => new(
            "all", scores.Sum(s => s.Claims), scores.Sum(s => s.Candidates), scores.Sum(s => s.Correct), scores.Sum(s => s.Found),
            scores.Sum(s => s.Matched), scores.Sum(s => s.ClaimantRight), scores.Sum(s => s.StateRight), scores.Sum(s => s.DeniedLabels),
            scores.Sum(s => s.DeniedPredicted), scores.Sum(s => s.DeniedPredictedRight), scores.Sum(s => s.HedgedLabels), scores.Sum(s => s.HedgedFound), true, true, [])
        {
            HeadlinesRight = scores.Count(s => s.HeadlineRight),
            DatesRight = scores.Count(s => s.DateRight),
        };
    }
}
