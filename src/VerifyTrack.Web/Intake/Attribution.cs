using System.Text.RegularExpressions;

namespace VerifyTrack.Web.Intake;

/// <summary>Who a sentence says is asserting it, and the assertion without the words that say so.</summary>
public sealed record AttributionFrame(string? Claimant, string Statement);

/// <summary>
/// Reads the attribution frame of a sentence: "X said (that) S", "S, X said", "“S,” said X", "according to X, S",
/// "S, according to X". The claimant is the subject of the reporting verb (or the object of "according to");
/// the statement is S, with a leading pronoun that stands for the claimant replaced by the claimant's name.
/// </summary>
public static partial class Attribution
{
    private static readonly HashSet<string> ReportingVerbs = new(CueLexicon.ReportingVerbs, StringComparer.OrdinalIgnoreCase);

    /// <summary>Verbs followed directly by what was said ("he said the soldiers were safe"), without "that".</summary>
    private static readonly HashSet<string> SpeechVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "said", "says", "say", "added", "adds", "stated", "declared", "insisted", "insists", "warned", "warns", "wrote", "writes",
    };

    /// <summary>Words before a reporting verb that make it a noun: "no reports", "the claims", "these allegations".</summary>
    private static readonly HashSet<string> NotSubjects = new(StringComparer.OrdinalIgnoreCase)
    {
        "no", "the", "a", "an", "of", "these", "those", "any", "were", "was", "previous", "such", "his", "her", "its", "their",
        "our", "my", "your", "whose", "unverified", "unconfirmed", "false", "new", "earlier", "similar", "some", "many", "two",
    };

    private static readonly HashSet<string> BeForms = new(StringComparer.OrdinalIgnoreCase) { "is", "are", "was", "were", "been", "being", "be" };

    /// <summary>Words that may stand between a verb and what makes it passive or a noun: "are widely estimated".</summary>
    private static readonly HashSet<string> Adverbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "widely", "recently", "also", "repeatedly", "reportedly", "previously", "publicly", "officially", "initially", "newly", "first",
    };

    /// <summary>Words between a subject and its verb that are not part of the subject: "has repeatedly denied".</summary>
    private static readonly HashSet<string> Auxiliaries = new(StringComparer.OrdinalIgnoreCase)
    {
        "has", "have", "had", "was", "were", "is", "are", "been", "also", "repeatedly", "reportedly", "later", "publicly",
        "again", "hotly", "previously", "earlier", "now", "then", "already", "officially", "flatly", "strongly", "firmly",
        "categorically", "swiftly", "quickly", "immediately", "initially", "often", "once", "recently", "did", "does", "do",
    };

    /// <summary>Words that end a subject when read backwards from its verb: the subject is what follows them.</summary>
    private static readonly HashSet<string> SubjectStops = new(StringComparer.OrdinalIgnoreCase)
    {
        "that", "but", "however", "which", "who", "whom", "whose", "when", "while", "as", "after", "because", "if", "where",
        "although", "though", "since", "until", "so", "than", "whether", "where", "and", "or", "nor",
    };

    /// <summary>Words that end a subject read forwards, after an inverted verb ("…,” said the man in Russian).</summary>
    private static readonly HashSet<string> TrailingStops = new(StringComparer.OrdinalIgnoreCase)
    {
        "in", "on", "at", "from", "during", "after", "before", "while", "who", "which", "that", "to", "with", "when", "as",
        "citing", "according", "adding", "told", "via", "through", "under", "by", "speaking", "quoted",
    };

    private static readonly HashSet<string> Pronouns = new(CueLexicon.Pronouns, StringComparer.OrdinalIgnoreCase);

    public static AttributionFrame Read(string sentence, IReadOnlyList<Cue> cues, string? previousClaimant)
    {
        var words = Words(sentence);

        // The speaker of a reporting verb is the claimant; "according to X" names who relays it, and is the claimant
        // only when no speaker is named ("…declared the spokesperson, according to Tass" is the spokesperson's).
        foreach (var cue in cues.Where(c => c.Kind is CueKind.Attribution or CueKind.Denial or CueKind.Confirmation))
        {
            var verbIndex = words.FindIndex(w => w.Start == cue.Start);
            if (verbIndex < 0 || !(ReportingVerbs.Contains(words[verbIndex].Bare) || cue.Kind is CueKind.Denial or CueKind.Confirmation))
            {
                continue;
            }

            if (FromVerb(sentence, words, verbIndex, previousClaimant) is { } frame)
            {
                return frame;
            }
        }

        // "citing X" only when it opens the sentence: "…told reporters, citing a phone call" says how they know.
        foreach (var cue in cues.Where(c => c.Kind == CueKind.Attribution && IsIntroducer(c) && (c.Start == 0 || !IsCiting(c))))
        {
            if (FromIntroducer(sentence, cue) is { } frame)
            {
                return frame;
            }
        }

        return new AttributionFrame(null, Neutral(sentence, null));
    }

    private static AttributionFrame? FromIntroducer(string sentence, Cue cue)
    {
        var source = NounPhraseAfter(sentence, cue.End);
        if (source is null)
        {
            return null;
        }

        var before = sentence[..cue.Start].TrimEnd();
        var statement = before.Length > 0 && before.EndsWith(',')
            ? before.TrimEnd(',')
            : AfterFirstComma(sentence, cue.End) ?? sentence;
        if (statement != sentence)
        {
            // "Citing the Russian military, The Foreign Desk reported that S": S, from the Russian military.
            var inner = Read(statement, Cues.Find(statement).Where(c => c.Kind == CueKind.Attribution && !IsIntroducer(c)).ToList(), source);
            statement = inner.Statement;
        }

        return new AttributionFrame(source, Neutral(statement, source));
    }

    private static AttributionFrame? FromVerb(string sentence, List<Word> words, int verbIndex, string? previousClaimant)
    {
        var verb = words[verbIndex];
        var before = verbIndex - 1;
        while (before >= 0 && Adverbs.Contains(words[before].Bare) && !IsClauseEnd(words[before].Text))
        {
            before--;
        }

        if (before >= 0 && BeForms.Contains(words[before].Bare))
        {
            // Passive: "numbers are estimated…", "results released by the commission": the agent, if any, follows "by".
            return verbIndex + 1 < words.Count && words[verbIndex + 1].Bare == "by" && NounPhraseAfter(sentence, words[verbIndex + 1].End) is { } agent
                ? new AttributionFrame(agent, Neutral(sentence, agent))
                : null;
        }

        if (verbIndex + 1 < words.Count && words[verbIndex + 1].Bare == "by" && !verb.Text.EndsWith(','))
        {
            return NounPhraseAfter(sentence, words[verbIndex + 1].End) is { } agent ? new AttributionFrame(agent, Neutral(sentence, agent)) : null;
        }

        if (verbIndex > 0 && IsInverted(words, verbIndex) && SubjectAfter(words, verbIndex) is { } speaker)
        {
            // "“…,” claimed the man in Russian" and "…, said a U.S. official": the speaker follows the verb.
            var resolved = Resolve(speaker, previousClaimant);
            return new AttributionFrame(resolved, Neutral(sentence[..words[verbIndex - 1].End], resolved));
        }

        if (before >= 0 && NotSubjects.Contains(words[before].Bare))
        {
            // "no reports", "the claims", "a recently released video": a noun or an adjective, not a reporting verb.
            return null;
        }

        var (subject, subjectStart) = SubjectBefore(words, verbIndex);
        if (subject is null)
        {
            return null;
        }

        var claimant = Resolve(subject, previousClaimant);
        var frameStart = subjectStart > 0 ? words[subjectStart - 1] : null;
        if (frameStart is not null && IsClauseEnd(frameStart.Text) && (IsFrameToEnd(words, verbIndex) || ClosesQuote(frameStart.Text)))
        {
            // "S, X said." and "“S,” he added, …": the frame follows what was said.
            return new AttributionFrame(claimant, Neutral(sentence[..frameStart.End], claimant));
        }

        return Complement(sentence, words, verbIndex) is { } said
            ? new AttributionFrame(claimant, Neutral(said, claimant))
            : new AttributionFrame(claimant, Neutral(sentence, claimant));
    }

    /// <summary>
    /// Whether the speaker follows the verb: after a closing quote ("…,” said X), or after a comma when what follows
    /// reads as a named or determined speaker ("…, said a U.S. official"), never "told" (its object is the listener).
    /// </summary>
    private static bool IsInverted(List<Word> words, int verbIndex)
    {
        var previous = words[verbIndex - 1].Text;
        if (words[verbIndex].Bare is "told" or "tells" || verbIndex + 1 >= words.Count)
        {
            return false;
        }

        if (previous.EndsWith(",”") || previous.EndsWith(",\"") || previous.EndsWith(",’") || previous.EndsWith('”') || previous.EndsWith('"'))
        {
            return true;
        }

        var next = words[verbIndex + 1].Text;
        return previous.EndsWith(',') && (next.ToLowerInvariant() is "a" or "an" or "the" or "another" || (char.IsUpper(next[0]) && !Pronouns.Contains(next)));
    }

    /// <summary>
    /// What was said, after the verb: "X said S", "X told Reuters that S", "X claimed that S". Not for "X claimed
    /// responsibility for…" or "X released a video", where the verb is part of the claim.
    /// </summary>
    private static string? Complement(string sentence, List<Word> words, int verbIndex)
    {
        for (var j = verbIndex + 1; j < words.Count && j <= verbIndex + 5; j++)
        {
            if (words[j].Bare == "that" && !words[j - 1].Text.EndsWith(','))
            {
                var clause = sentence[words[j].End..].Trim();
                return Words(clause).Count >= 3 ? clause : null;
            }
        }

        if (!SpeechVerbs.Contains(words[verbIndex].Bare) || words[verbIndex].Text.EndsWith(','))
        {
            return null;
        }

        var rest = sentence[words[verbIndex].End..].Trim();
        return Words(rest).Count >= 3 ? rest : null;
    }

    /// <summary>The subject of the word at <paramref name="verbIndex"/> read as a verb ("Moscow" in "Moscow has denied…"), if it has one.</summary>
    public static string? SubjectOf(string sentence, int verbStart, string? previousClaimant)
    {
        var words = Words(sentence);
        var index = words.FindIndex(w => w.Start == verbStart);
        if (index < 0)
        {
            return null;
        }

        var (subject, _) = SubjectBefore(words, index);
        return subject is null ? null : Resolve(subject, previousClaimant);
    }

    /// <summary>Whether <paramref name="party"/> names someone ("Russia's Defence Ministry", "Moscow"), not "a source" or "officials".</summary>
    public static bool IsNamed(string? party)
    {
        if (string.IsNullOrWhiteSpace(party))
        {
            return false;
        }

        var words = party.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Select((w, i) => (w, i)).Any(x => x.w.Length > 0 && char.IsUpper(x.w[0]) &&
            !(x.i == 0 && x.w.ToLowerInvariant() is "a" or "an" or "the" or "one" or "some" or "two" or "several" or "many"));
    }

    private static (string? Subject, int Start) SubjectBefore(List<Word> words, int verbIndex)
    {
        var j = verbIndex - 1;
        while (j >= 0 && Auxiliaries.Contains(words[j].Bare) && !IsClauseEnd(words[j].Text))
        {
            j--;
        }

        // "Dr. Amina Yusuf, who runs the clinic, said": step over the phrase between commas to the name before it;
        // a short name there is kept with it ("the list's leader, Sherzad Qadir, told").
        string? apposition = null;
        if (j >= 0 && words[j].Text.EndsWith(','))
        {
            var open = j - 1;
            while (open >= 0 && !words[open].Text.EndsWith(',') && j - open <= 16)
            {
                open--;
            }

            if (open < 0 || j - open > 16)
            {
                return (null, j + 1);
            }

            var inner = words.Skip(open + 1).Take(j - open).ToList();
            if (inner.Count <= 4 && inner.All(w => char.IsUpper(w.Text[0])))
            {
                apposition = string.Join(' ', inner.Select(w => w.Text)).TrimEnd(',');
            }

            j = open;
            words = [.. words.Take(open), words[open] with { Text = words[open].Text.TrimEnd(',') }];
        }

        var end = j;
        while (j >= 0)
        {
            var word = words[j];
            if (IsClauseEnd(word.Text) || word.Text.IndexOfAny(['“', '”', '"']) >= 0)
            {
                break;
            }

            if (SubjectStops.Contains(word.Bare) &&
                !(word.Bare is "and" && j > 0 && char.IsUpper(words[j - 1].Text[0]) && j - 1 < end))
            {
                break;
            }

            j--;
        }

        var start = j + 1;
        if (start > end || end - start > 14)
        {
            return (null, start);
        }

        var subject = string.Join(' ', words.Skip(start).Take(end - start + 1).Select(w => w.Text));
        subject = TrailingTime().Replace(subject, "").Trim();
        if (apposition is not null)
        {
            subject = $"{subject}, {apposition}";
        }

        return (Tidy(subject), start);
    }

    private static string? SubjectAfter(List<Word> words, int verbIndex)
    {
        var taken = new List<string>();
        for (var j = verbIndex + 1; j < words.Count && taken.Count < 12; j++)
        {
            var word = words[j];
            if (TrailingStops.Contains(word.Bare))
            {
                break;
            }

            var abbreviation = SentenceSplitter.IsAbbreviation(word.Text);
            taken.Add(abbreviation ? word.Text.TrimEnd(',') : word.Text.TrimEnd('.', ',', ';', ':', '!', '?'));
            if (IsClauseEnd(word.Text) || (word.Text.EndsWith('.') && !abbreviation))
            {
                break;
            }
        }

        return taken.Count == 0 ? null : Tidy(string.Join(' ', taken));
    }

    /// <summary>
    /// The party named after "according to", "by", "citing": its words up to punctuation or a clause, and within them
    /// up to the noun that heads it ("the commission" of "the commission gave…", "a tally" of "a tally kept by…").
    /// </summary>
    private static string? NounPhraseAfter(string sentence, int at)
    {
        var rest = sentence[at..];
        var end = rest.IndexOfAny([',', ';', ':', '(', '“', '"']);
        var words = (end < 0 ? rest : rest[..end]).Trim().TrimEnd('.').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var taken = new List<string>();
        foreach (var word in words)
        {
            var lower = word.ToLowerInvariant();
            if (lower is "that" or "who" or "which" or "as" or "when" or "said" or "says" or "on" or "in" or "at" or "after")
            {
                break;
            }

            var previous = taken.Count == 0 ? null : taken[^1];
            if (char.IsLower(word[0]) && previous is not null && char.IsLower(previous[0]) && !Determiners.Contains(previous) &&
                !(lower is "of" or "for" or "and") && !(previous is "of" or "for" or "and") && !OrganisationNouns.Contains(lower))
            {
                break;
            }

            taken.Add(word);
        }

        return taken.Count is 0 or > 14 ? null : Tidy(string.Join(' ', taken));
    }

    private static readonly HashSet<string> Determiners = new(StringComparer.OrdinalIgnoreCase) { "the", "a", "an", "its", "their", "his", "her", "this", "that" };

    /// <summary>Words that end many names of organisations, so a lower-case one still belongs to the name ("Tasnim news agency").</summary>
    private static readonly HashSet<string> OrganisationNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "agency", "ministry", "office", "group", "service", "army", "forces", "news", "command", "council", "commission",
        "government", "authority", "department", "company", "military", "police", "party", "movement", "network", "channel",
    };

    /// <summary>Whether a party reads as one person ("Dr. Amina Yusuf", "Sherzad Qadir") rather than a body ("ISIS", "the ministry").</summary>
    internal static bool LooksLikePerson(string party)
    {
        var words = party.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || words.Any(w => OrganisationNouns.Contains(w.Trim(',', '.')) || w.All(c => !char.IsLetter(c) || char.IsUpper(c))))
        {
            return false;
        }

        return SentenceSplitter.IsAbbreviation(words[0]) || (words.Length is >= 2 and <= 4 && words.All(w => char.IsUpper(w[0])));
    }

    private static bool IsCiting(Cue cue) => cue.Text.StartsWith("citing", StringComparison.OrdinalIgnoreCase);

    private static bool IsIntroducer(Cue cue) =>
        Introducers.Contains(WhiteSpace().Replace(cue.Text.ToLowerInvariant(), " "));

    private static readonly HashSet<string> Introducers = new(CueLexicon.SourceIntroducers, StringComparer.Ordinal);

    private static string? AfterFirstComma(string sentence, int from)
    {
        var comma = sentence.IndexOf(',', from);
        return comma < 0 || comma + 1 >= sentence.Length ? null : sentence[(comma + 1)..];
    }

    /// <summary>Whether everything after the verb is still the frame ("…, X said." or "…, X told Circa.").</summary>
    private static bool IsFrameToEnd(List<Word> words, int verbIndex) => words.Count - verbIndex <= 4 && words[^1].Text.EndsWith('.');

    private static string Resolve(string subject, string? previousClaimant) =>
        Pronouns.Contains(subject) && previousClaimant is not null ? previousClaimant : subject;

    /// <summary>A statement worded as the assertion alone: no leading connective or time phrase, no quotes, one full stop.</summary>
    internal static string Neutral(string text, string? claimant)
    {
        var statement = text.Trim().Trim('“', '”', '"', '‘', '’', '\'', ' ').TrimEnd(',', ';', ':', ' ');
        statement = LeadingConnective().Replace(statement, "");
        statement = LeadingTime().Replace(statement, "");
        statement = LeadingDay().Replace(statement, "");
        statement = statement.Trim().Trim('“', '”', '"').Trim();
        // "he" stands for a person and "it" or "they" for a body: "Dr. Yusuf said it had…" is the clinic, not her.
        if (claimant is not null && IsNamed(claimant) && LeadingPronoun().Match(statement) is { Success: true } pronoun &&
            pronoun.Value.ToLowerInvariant() is "he" or "she" == LooksLikePerson(claimant))
        {
            statement = claimant + statement[pronoun.Length..];
        }

        if (statement.Length == 0)
        {
            return text.Trim();
        }

        statement = char.ToUpperInvariant(statement[0]) + statement[1..];
        return statement.EndsWith('.') || statement.EndsWith('!') || statement.EndsWith('?') ? statement : statement + ".";
    }

    /// <summary>A named party without the punctuation around it, and without "the" before a name ("the Ministry" is "Ministry").</summary>
    internal static string Tidy(string phrase)
    {
        var tidy = phrase.Trim().Trim('“', '”', '"', ',', '.', ';', ':', '(', ')').Trim();
        if (tidy.StartsWith("the ", StringComparison.OrdinalIgnoreCase) && tidy.Length > 4 && char.IsUpper(tidy[4]))
        {
            tidy = tidy[4..];
        }

        return tidy;
    }

    private static bool ClosesQuote(string word) => word.EndsWith(",”") || word.EndsWith(",\"") || word.EndsWith(",’");

    private static bool IsClauseEnd(string word) => word.EndsWith(',') || word.EndsWith(",”") || word.EndsWith(",\"") ||
        word.EndsWith(';') || word.EndsWith(':') || word.EndsWith(",’");

    internal static List<Word> Words(string text) =>
        WordPattern().Matches(text).Select(m => new Word(m.Value, m.Index)).ToList();

    internal sealed record Word(string Text, int Start)
    {
        public int End => Start + Text.Length;

        /// <summary>The word without the punctuation around it, lower case.</summary>
        public string Bare { get; } = Text.Trim('“', '”', '"', '‘', '’', '\'', ',', '.', ';', ':', '(', ')', '!', '?').ToLowerInvariant();
    }

    [GeneratedRegex(@"\S+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"^that\s+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingThat();

    [GeneratedRegex(@"^(however|but|and|meanwhile|still|yet|also|separately|moreover|instead|indeed|although|though),?\s+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingConnective();

    [GeneratedRegex(@"^(on|in|last|this|earlier|late|early|by)\s+([^,]{0,20}\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|jan\w*|feb\w*|march|april|may|june|july|aug\w*|sept?\w*|oct\w*|nov\w*|dec\w*|week|weeks|month|months|year|years|day|days|morning|evening|night|weekend|recent|past|\d+)\b[^,]{0,12}),\s+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingTime();

    [GeneratedRegex(@"^(on|last|this|earlier)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|night|morning|evening)\s+(?=(it|they|he|she|the|a|an)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingDay();

    [GeneratedRegex(@"^(it|they|he|she)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingPronoun();

    [GeneratedRegex(@"\s+((on|last|this|earlier|late|early)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year|day|night|morning|evening|weekend)|today|yesterday|tonight)$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingTime();
}
