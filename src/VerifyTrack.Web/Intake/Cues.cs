using System.Text.RegularExpressions;

namespace VerifyTrack.Web.Intake;

/// <summary>
/// One cue: its kind, the words that triggered it (verbatim) and where they start in the sentence, or -1 when
/// they are in another sentence of the copy that bears on this one (its denial, its verification note).
/// </summary>
public sealed record Cue(CueKind Kind, string Text, int Start)
{
    public int End => Start + Text.Length;
}

/// <summary>Finds the <see cref="CueLexicon"/>'s phrases in a sentence.</summary>
public static class Cues
{
    // Where two phrases overlap, the longer wins; at equal length, the more cautious reading.
    private static readonly (CueKind Kind, Regex Pattern)[] Patterns =
    [
        (CueKind.Hedge, Build(CueLexicon.Hedges)),
        (CueKind.NoComment, Build(CueLexicon.NoComments)),
        (CueKind.Denial, Build(CueLexicon.Denials)),
        (CueKind.Confirmation, Build(CueLexicon.Confirmations)),
        (CueKind.Attribution, Build(CueLexicon.Attributions)),
    ];

    public static IReadOnlyList<Cue> Find(string sentence)
    {
        var found = new List<(Cue Cue, int Rank)>();
        for (var rank = 0; rank < Patterns.Length; rank++)
        {
            // Every start, not only after the last match: "has dismissed" must not hide "dismissed as false".
            for (var match = Patterns[rank].Pattern.Match(sentence); match.Success; match = Patterns[rank].Pattern.Match(sentence, match.Index + 1))
            {
                found.Add((new Cue(Patterns[rank].Kind, match.Value, match.Index), rank));
            }
        }

        var kept = new List<Cue>();
        foreach (var (cue, _) in found.OrderByDescending(f => f.Cue.Text.Length).ThenBy(f => f.Rank).ThenBy(f => f.Cue.Start))
        {
            if (!kept.Any(k => k.Start < cue.End && cue.Start < k.End))
            {
                kept.Add(cue);
            }
        }

        return kept.OrderBy(c => c.Start).ToList();
    }

    /// <summary>A pattern matching any of <paramref name="phrases"/> as whole words, spaces matching any run of spaces.</summary>
    internal static Regex Build(IEnumerable<string> phrases)
    {
        var alternatives = phrases
            .OrderByDescending(p => p.Length)
            .Select(p => Regex.Escape(p).Replace("\\ ", "\\s+").Replace("'", "['’]"));
        return new Regex(
            $@"(?<![\p{{L}}\p{{N}}])(?:{string.Join('|', alternatives)})(?![\p{{L}}\p{{N}}])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }
}
