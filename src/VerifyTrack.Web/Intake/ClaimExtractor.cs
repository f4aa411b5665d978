using System.Text.RegularExpressions;
using VerifyTrack.Web.Claims;

namespace VerifyTrack.Web.Intake;

/// <summary>Pasted copy and what the editor already knows about it.</summary>
public sealed record Article(string Text, string? Headline = null, DateOnly? PublishedAt = null, string? Language = null);

/// <summary>One checkable sentence of the copy, as the desk might log it.</summary>
public sealed record Candidate(
    string Statement,
    string Sentence,
    string? Claimant,
    IReadOnlyList<Cue> Cues,
    ClaimState SuggestedState,
    string? DeniedBy,
    double Score,
    int Paragraph);

public sealed record Extraction(string? Headline, DateOnly? PublishedAt, string Language, IReadOnlyList<Candidate> Candidates);

/// <summary>
/// Finds the claims in wire copy: every sentence is read for its cues (<see cref="CueLexicon"/>) and its
/// attribution frame (<see cref="Attribution"/>), scored for how checkable it is, and kept above
/// <see cref="MinimumScore"/>. A denial by a named party elsewhere in the copy makes the claim it denies
/// <c>denied</c>; a denial that matches no other sentence becomes a candidate of its own, for what it denies.
/// Plain C#, no model: each candidate carries the words that made it one.
/// </summary>
public static partial class ClaimExtractor
{
    public const double MinimumScore = 0.45;

    private const int MinimumWords = 6;

    /// <summary>A denial denies the claim it matches best, and those that match it nearly as well.</summary>
    private const double LinkShare = 0.5;

    public static Extraction Extract(Article article)
    {
        var text = ArticleText.LooksLikeHtml(article.Text) ? ArticleText.FromHtml(article.Text) : article.Text;
        var paragraphs = SentenceSplitter.Paragraphs(text);
        var content = paragraphs.Where(p => !IsBoilerplate(p)).ToList();
        var headline = string.IsNullOrWhiteSpace(article.Headline) ? ArticleText.Headline(content) : article.Headline.Trim();
        var publishedAt = article.PublishedAt ?? ArticleText.PublishedDate(paragraphs);
        var language = string.IsNullOrWhiteSpace(article.Language) ? DetectLanguage(text) : article.Language.Trim();

        var sentences = SentenceSplitter.Split(text);
        var read = new List<ReadSentence>();
        string? previousClaimant = null;
        foreach (var sentence in sentences)
        {
            if (IsBoilerplate(sentence.Text) || IsDateline(sentence.Text))
            {
                continue;
            }

            var cues = Cues.Find(sentence.Text);
            if (DeniedInPassing().Match(sentence.Text) is { Success: true } passing && Attribution.IsNamed(passing.Groups["by"].Value))
            {
                // "X said S, a claim the ministry denied.": a claim and its denial in one sentence.
                var claim = sentence.Text[..passing.Index];
                var claimFrame = Attribution.Read(claim, Cues.Find(claim), previousClaimant);
                previousClaimant = claimFrame.Claimant ?? previousClaimant;
                read.Add(new ReadSentence(sentence, cues, claimFrame, null) { DeniedInPassingBy = Attribution.Tidy(passing.Groups["by"].Value) });
                continue;
            }

            var frame = Attribution.Read(sentence.Text, cues, previousClaimant);
            previousClaimant = frame.Claimant ?? previousClaimant;
            read.Add(new ReadSentence(sentence, cues, frame, Denier(sentence.Text, cues, frame, previousClaimant)));
        }

        var headlineText = headline?.TrimEnd('.');
        var notes = read.Where(IsVerificationNote).ToHashSet();
        var scored = read
            .Where(r => r.DeniedBy is null && !notes.Contains(r) && r.Sentence.Text.TrimEnd('.') != headlineText)
            .Select(r => (Sentence: r, Score: Score(r)))
            .Where(s => s.Score >= MinimumScore)
            .ToList();
        var denials = read.Where(r => r.DeniedBy is not null).ToList();
        var claims = scored.Select(s => s.Sentence).ToList();
        var (links, linkedDenials) = DenialLinks(denials, claims, read);
        var hedges = NoteLinks(notes, claims, read);
        var candidates = scored
            .Select(s => ToCandidate(s.Sentence, s.Score, links.GetValueOrDefault(s.Sentence), hedges.GetValueOrDefault(s.Sentence)))
            .ToList();

        foreach (var denial in denials)
        {
            // A denial that bears on a claim in the copy is that claim's; one of "that video" says nothing on its own.
            if (!linkedDenials.Contains(denial) && DeniedProposition(denial) is { } proposition &&
                Attribution.Words(proposition).Count >= 3 && !ReferringProposition().IsMatch(proposition))
            {
                var cues = denial.Cues;
                candidates.Add(new Candidate(
                    Attribution.Neutral(proposition, null), denial.Sentence.Text, ClaimantOfDenied(proposition), cues,
                    ClaimState.Denied, denial.DeniedBy, Math.Min(1, Score(denial) + 0.1), denial.Sentence.Paragraph));
            }
        }

        return new Extraction(
            headline,
            publishedAt,
            language,
            candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Paragraph).ToList());
    }

    private static Candidate ToCandidate(ReadSentence sentence, double score, ReadSentence? denial, ReadSentence? note)
    {
        // Cues found in another sentence (the denial, the verification note) are kept without a position in this one.
        denial ??= sentence.DeniedInPassingBy is null ? null : sentence with { DeniedBy = sentence.DeniedInPassingBy };
        var cues = sentence.Cues
            .Concat(denial?.Cues.Where(c => c.Kind == CueKind.Denial).Select(c => c with { Start = -1 }) ?? [])
            .Concat(note?.Cues.Where(c => c.Kind == CueKind.Hedge).Select(c => c with { Start = -1 }) ?? [])
            .ToList();
        return new Candidate(
            sentence.Frame.Statement, sentence.Sentence.Text, sentence.Frame.Claimant, cues,
            denial is null ? ClaimState.Unverified : ClaimState.Denied, denial?.DeniedBy,
            Math.Round(Math.Min(1, score + (denial is null ? 0 : 0.1) + (note is null ? 0 : 0.1)), 2), sentence.Sentence.Paragraph);
    }

    /// <summary>
    /// "The video could not be independently verified." says how far a claim nearby can be trusted; it is not a
    /// claim itself. Its hedge goes to the claim it follows.
    /// </summary>
    private static bool IsVerificationNote(ReadSentence sentence) =>
        sentence.Frame.Claimant is null &&
        sentence.DeniedBy is null &&
        Attribution.Words(sentence.Sentence.Text).Count <= 30 &&
        sentence.Cues.Any(c => c.Kind == CueKind.Hedge && VerificationHedge().IsMatch(c.Text));

    private static Dictionary<ReadSentence, ReadSentence> NoteLinks(HashSet<ReadSentence> notes, List<ReadSentence> claims, List<ReadSentence> read)
    {
        var links = new Dictionary<ReadSentence, ReadSentence>();
        foreach (var note in notes)
        {
            var at = read.IndexOf(note);
            var claim = claims.Where(c => read.IndexOf(c) is var i && i < at && at - i <= 3).MaxBy(read.IndexOf);
            if (claim is not null)
            {
                links.TryAdd(claim, note);
            }
        }

        return links;
    }

    /// <summary>
    /// How checkable a sentence is, in [0, 1]: someone asserts it, the copy hedges it, it reports an event or a
    /// number, it names someone; opinion, questions and very short or long sentences count against it.
    /// </summary>
    internal static double Score(ReadSentence sentence)
    {
        var text = sentence.Sentence.Text;
        var words = Attribution.Words(text);
        if (words.Count < MinimumWords)
        {
            return 0;
        }

        var score = 0.0;
        if (sentence.Frame.Claimant is not null)
        {
            score += 0.35;
        }
        else if (sentence.Cues.Any(c => c.Kind == CueKind.Attribution))
        {
            score += 0.15;
        }

        if (sentence.Cues.Any(c => c.Kind == CueKind.Hedge))
        {
            score += 0.25;
        }

        if (sentence.Cues.Any(c => c.Kind is CueKind.Denial or CueKind.Confirmation))
        {
            score += 0.1;
        }

        if (EventWords().IsMatch(text))
        {
            score += 0.2;
        }

        if (Numbers().IsMatch(text))
        {
            score += 0.1;
        }

        if (words.Skip(1).Any(w => w.Text.Length > 1 && char.IsUpper(w.Text.TrimStart('“', '"', '(')[0])))
        {
            score += 0.1;
        }

        if (OpinionMarkers().IsMatch(text))
        {
            score -= 0.3;
        }

        if (text.TrimEnd('”', '"', ' ').EndsWith('?'))
        {
            score -= 0.25;
        }

        if (sentence.Cues.Any(c => c.Kind == CueKind.NoComment) && sentence.Frame.Claimant is null)
        {
            score -= 0.2;
        }

        if (words.Count > 80)
        {
            score -= 0.1;
        }

        return Math.Round(Math.Clamp(score, 0, 1), 2);
    }

    /// <summary>The named party that denies something in this sentence, if it is a denial by a named party.</summary>
    private static string? Denier(string sentence, IReadOnlyList<Cue> cues, AttributionFrame frame, string? previousClaimant)
    {
        var denial = cues.FirstOrDefault(c => c.Kind == CueKind.Denial);
        if (denial is null)
        {
            return null;
        }

        var denier = Attribution.SubjectOf(sentence, denial.Start, previousClaimant) ?? frame.Claimant;
        return Attribution.IsNamed(denier) ? denier : null;
    }

    /// <summary>
    /// Which claim each denial denies: the one that shares the most telling words with what the denial denies
    /// (word forms and a few families of the same event folded; words the whole article uses count less), more
    /// when the denial follows the claim closely ("…denied the authenticity of that video"). A denial that shares
    /// too little with every claim denies none of them, and is offered as a candidate of its own.
    /// </summary>
    private static (Dictionary<ReadSentence, ReadSentence> Links, HashSet<ReadSentence> Linked) DenialLinks(
        List<ReadSentence> denials, List<ReadSentence> claims, List<ReadSentence> read)
    {
        var terms = read.ToDictionary(r => r, r => ContentTerms(r.Sentence.Text, null));
        var documentFrequency = terms.Values.SelectMany(t => t).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        double Weight(string term) => Math.Log(1 + (double)read.Count / documentFrequency.GetValueOrDefault(term, 1));

        var best = new Dictionary<ReadSentence, (ReadSentence Denial, double Strength)>();
        var linked = new HashSet<ReadSentence>();
        foreach (var denial in denials)
        {
            var denied = DeniedProposition(denial) ?? denial.Sentence.Text;
            var deniedTerms = ContentTerms(denied, denial.DeniedBy);
            var strengths = claims
                .Select(claim =>
                {
                    var shared = deniedTerms.Intersect(terms[claim]).ToList();
                    var distance = read.IndexOf(denial) - read.IndexOf(claim);
                    var near = distance is > 0 and <= 2;
                    var weight = shared.Sum(Weight);
                    var coverage = weight / Math.Max(1, terms[claim].Sum(Weight));
                    var referring = near && ReferringProposition().IsMatch(denied);
                    var linked = (shared.Count >= 2 && coverage >= 0.15) || (distance is > 0 and <= 3 && shared.Count >= 1) || referring;
                    weight += referring ? 1 : 0;
                    return (Claim: claim, Strength: linked ? weight * (near ? 1.5 : 1) : 0);
                })
                .Where(s => s.Strength > 0)
                .ToList();
            if (strengths.Count == 0)
            {
                continue;
            }

            linked.Add(denial);
            var top = strengths.Max(s => s.Strength);
            foreach (var (claim, strength) in strengths.Where(s => s.Strength >= LinkShare * top))
            {
                if (!best.TryGetValue(claim, out var current) || current.Strength < strength)
                {
                    best[claim] = (denial, strength);
                }
            }
        }

        return (best.ToDictionary(b => b.Key, b => b.Value.Denial), linked);
    }

    /// <summary>What a denial denies: the words after its denial verb ("denied that S" is S).</summary>
    private static string? DeniedProposition(ReadSentence denial)
    {
        var cue = denial.Cues.First(c => c.Kind == CueKind.Denial);
        var rest = denial.Sentence.Text[cue.End..].Trim();
        rest = DenialLead().Replace(rest, "");
        return rest.Length == 0 ? null : rest;
    }

    /// <summary>"previous ISIS allegations that it captured…" names who alleged it.</summary>
    private static string? ClaimantOfDenied(string proposition) =>
        AllegationsBy().Match(proposition) is { Success: true } match ? match.Groups["who"].Value : null;

    private static HashSet<string> ContentTerms(string text, string? leaveOut)
    {
        var left = leaveOut is null ? [] : Attribution.Words(leaveOut).Select(w => Stem(w.Bare)).ToHashSet();
        return Attribution.Words(text)
            .Select(w => w.Bare)
            .Where(w => w.Length > 2 && !StopWords.Contains(w))
            .Select(Stem)
            .Select(s => EventFamilies.TryGetValue(s, out var family) ? family : s)
            .Where(s => !left.Contains(s))
            .ToHashSet();
    }

    /// <summary>Word forms folded far enough to see "captured" and "capture", "soldiers" and "soldier" as one.</summary>
    internal static string Stem(string word)
    {
        var w = word.ToLowerInvariant().Replace("’s", "").Replace("'s", "");
        foreach (var suffix in (string[])["ing", "ed", "es", "s"])
        {
            if (w.EndsWith(suffix, StringComparison.Ordinal) && w.Length - suffix.Length >= 4)
            {
                return w[..^suffix.Length].TrimEnd('e');
            }
        }

        return w.TrimEnd('e');
    }

    private static readonly Dictionary<string, string> EventFamilies = new[]
    {
        ("captur", "capture"), ("captiv", "capture"), ("kidnapp", "capture"), ("kidnap", "capture"), ("abduct", "capture"),
        ("seiz", "capture"), ("hostag", "capture"), ("prisoner", "capture"),
        ("soldier", "soldier"), ("servicemen", "soldier"), ("serviceman", "soldier"), ("servicemember", "soldier"), ("troop", "soldier"),
        ("kill", "kill"), ("dead", "kill"), ("death", "kill"), ("execut", "kill"), ("behead", "kill"), ("decapitat", "kill"),
        ("video", "video"), ("footag", "video"), ("clip", "video"),
        ("airspac", "airspace"), ("violat", "violate"),
    }.ToDictionary(p => p.Item1, p => p.Item2);

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "that", "this", "these", "those", "with", "from", "for", "was", "were", "are", "has", "have", "had",
        "its", "his", "her", "their", "they", "them", "she", "him", "who", "whom", "which", "what", "when", "where", "any",
        "all", "not", "but", "also", "been", "into", "onto", "than", "then", "there", "here", "about", "after", "before",
        "said", "says", "claimed", "claims", "denied", "denies", "deny", "authenticity", "previous", "allegations",
    };

    private static bool IsBoilerplate(string line)
    {
        var lower = line.Trim().ToLowerInvariant();
        if (lower.Length == 0)
        {
            return true;
        }

        if (FileName().IsMatch(lower))
        {
            return true;
        }

        // One plain word ("Advertisement", "Comments") is furniture only as the whole line; a phrase also as its start.
        lower = lower.TrimEnd('.', ':', '!', ' ');
        return CueLexicon.Boilerplate.Any(b => lower == b.TrimEnd(':') ||
            ((b.Contains(' ') || b.EndsWith(':')) && lower.StartsWith(b.TrimEnd(':'), StringComparison.Ordinal) && lower.Length < 100));
    }

    /// <summary>A byline or dateline: "03/12/2015 19:02 by admin".</summary>
    private static bool IsDateline(string line) => line.Length < 80 && ArticleText.PublishedDate([line]) is not null && Attribution.Words(line).Count < 8;

    /// <summary>The script most of the letters are in: "ru" for Cyrillic, "ar" for Arabic, "en" for Latin, "und" when unsure.</summary>
    internal static string DetectLanguage(string text)
    {
        int latin = 0, cyrillic = 0, arabic = 0;
        foreach (var c in text)
        {
            if (c is >= 'A' and <= 'z' && char.IsLetter(c))
            {
                latin++;
            }
            else if (c is >= '\u0400' and <= '\u04FF')
            {
                cyrillic++;
            }
            else if (c is >= '\u0600' and <= '\u06FF')
            {
                arabic++;
            }
        }

        var max = Math.Max(latin, Math.Max(cyrillic, arabic));
        return max == 0 ? "und" : max == latin ? "en" : max == cyrillic ? "ru" : "ar";
    }

    internal sealed record ReadSentence(Sentence Sentence, IReadOnlyList<Cue> Cues, AttributionFrame Frame, string? DeniedBy)
    {
        /// <summary>Who denies this sentence's claim in the same sentence ("…, a claim the ministry denied.").</summary>
        public string? DeniedInPassingBy { get; init; }
    }

    [GeneratedRegex(@"\d|\b(two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?|millions?|scores)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Numbers();

    [GeneratedRegex(@"^(the|that|this|these|those|its|their|such|[\w’']+[’']s)?\s*(\w+\s+)?(account|accounts|claim|claims|report|reports|allegation|allegations|video|footage|statement|figures?|assertion|accusations?|story|it)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ReferringProposition();

    [GeneratedRegex(@",\s+(?:an?\s+|the\s+)?(?:account|accounts|claim|claims|allegation|allegations|report|reports|assertion|figure|figures|version)\s+(?:that\s+|which\s+)?(?<by>[^,]{2,80}?)\s+(?:has\s+|have\s+|had\s+)?(?:quickly\s+|strongly\s+|flatly\s+)?(?:denied|denies|rejected|rejects|dismissed|refuted|disputed|disputes|called\s+false)\b[^,]*[.”""]*$")]
    private static partial Regex DeniedInPassing();

    [GeneratedRegex(@"could not|cannot|unable|not possible|impossible|has not been|have not been|not independently|no indication|no other evidence|not clear|unclear|was not verified")]
    private static partial Regex VerificationHedge();

    [GeneratedRegex(@"^(that|the|any|as\s+\w+\s+)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex DenialLead();

    [GeneratedRegex(@"(?<who>[A-Z][\w’']*(?:\s+[A-Z][\w’']*)*)\s+(allegations|claims|reports)\b")]
    private static partial Regex AllegationsBy();

    [GeneratedRegex(@"^[\w\s\-.]+\.(png|jpe?g|gif|webp|mp4)$")]
    private static partial Regex FileName();

    private static Regex EventWords() => EventWordPattern;

    private static Regex OpinionMarkers() => OpinionPattern;

    private static readonly Regex EventWordPattern = Cues.Build(CueLexicon.EventWords);

    private static readonly Regex OpinionPattern = Cues.Build(CueLexicon.OpinionMarkers);
}
