using System.Globalization;
using System.Text;

namespace VerifyTrack.Web.Similarity;

/// <summary>
/// One word of a text as similarity compares it. <see cref="Key"/> is what two rewordings share
/// (captured/capture, Ezzor/ez-Zor/al-Zour); <see cref="Word"/> is the word as the text wrote it, to show why
/// two texts matched. A hyphenated or apostrophe compound is split into its parts, and each part also carries
/// the key of the whole written as one word (<see cref="JoinedKey"/>), so "pro-Russian" meets "prorussian".
/// </summary>
public sealed record MatchTerm(string Key, string Word, string? JoinedKey = null)
{
    public IEnumerable<string> Keys => JoinedKey is null ? [Key] : [Key, JoinedKey];
}

/// <summary>
/// A word as the editors' search reads it (letters and digits, two or more): as typed, and lower case without
/// diacritics (<see cref="Plain"/>) to compare with alias members; <see cref="IsCapitals"/> when typed in capitals.
/// </summary>
public sealed record SearchWord(string Typed, string Plain, bool IsCapitals);

/// <summary>
/// Turns text into match terms: lower case, diacritics removed, stop words and reporting verbs dropped, a light
/// English stemmer, number words as digits, Arabic articles dropped, and Latin words folded to a consonant
/// skeleton so transliterations agree (Deir ez-Zor / Deir Ezzor / Deir al-Zour / Dayr az-Zawr). Acronyms that
/// are also stop words ("IS", "US") are kept, as themselves: a stop word is never a key, so they cannot collide.
/// Cyrillic and Arabic words are kept whole (lower case, Arabic letter variants and the article folded).
/// </summary>
/// <remarks>
/// The keys are stored in the <c>claims_similarity</c> index (migration 0012, filled through the
/// <c>match_terms</c> SQL function): a change to how keys are made needs a migration that fills it again.
/// </remarks>
public static class MatchTerms
{
    /// <summary>Words of an Arabic article written before a name with a hyphen: al-Zour, ez-Zor, ash-Sham.</summary>
    private static readonly HashSet<string> ArabicArticles = new(StringComparer.Ordinal)
    {
        "al", "el", "il", "ul", "ad", "ed", "an", "en", "ar", "er", "as", "es", "ash", "esh", "at", "et", "az", "ez", "ath", "adh", "ud",
    };

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "after", "against", "all", "also", "am", "an", "and", "any", "are", "around", "as", "at", "be", "because",
        "been", "before", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does", "during", "each", "either",
        "for", "from", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "inside",
        "into", "is", "it", "its", "itself", "just", "may", "me", "might", "more", "most", "must", "my", "near", "no", "nor", "not",
        "of", "off", "on", "only", "or", "other", "our", "ours", "out", "outside", "over", "own", "same", "she", "should", "so",
        "some", "such", "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those",
        "through", "to", "too", "under", "until", "upon", "very", "was", "we", "were", "what", "when", "where", "which", "while",
        "who", "whom", "whose", "why", "will", "with", "within", "would", "you", "your", "yours", "us", "via",
        // The Arabic article written apart (Al Qaeda, el Arish) is not a word of the name.
        "al", "el",
        // How copy reports a claim, not what the claim is: "ISIS says it…" and "ISIS claims it…" say the same thing.
        "say", "says", "said", "saying", "claim", "claims", "claimed", "claiming", "report", "reports", "reported", "reportedly",
        "allege", "alleges", "alleged", "allegedly", "purported", "purportedly", "according", "apparently", "announce",
        "announces", "announced",
    };

    private static readonly Dictionary<string, string> NumberWords = new(StringComparer.Ordinal)
    {
        ["one"] = "1", ["two"] = "2", ["three"] = "3", ["four"] = "4", ["five"] = "5", ["six"] = "6", ["seven"] = "7",
        ["eight"] = "8", ["nine"] = "9", ["ten"] = "10", ["eleven"] = "11", ["twelve"] = "12", ["dozen"] = "12",
        ["twenty"] = "20", ["hundred"] = "100", ["thousand"] = "1000",
    };

    /// <summary>The text's match terms in the order they appear, repeats included (alias phrases are found in this order).</summary>
    public static IReadOnlyList<MatchTerm> Of(string? text)
    {
        var terms = new List<MatchTerm>();
        foreach (var token in Tokens(text))
        {
            AddToken(token, terms);
        }

        return terms;
    }

    /// <summary>Whether a lower-case word is a stop word, which never becomes a key.</summary>
    public static bool IsStopWord(string plain) => StopWords.Contains(plain);

    /// <summary>The words of a search as the search index splits them: runs of letters and digits, one-letter words left out.</summary>
    public static IReadOnlyList<SearchWord> SearchWords(string? text)
    {
        var words = new List<SearchWord>();
        if (string.IsNullOrEmpty(text))
        {
            return words;
        }

        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                start = start < 0 ? i : start;
                continue;
            }

            if (start >= 0 && i - start > 1)
            {
                var typed = text[start..i];
                words.Add(new SearchWord(typed, Fold(typed).ToLowerInvariant(), typed.All(c => !char.IsLower(c)) && typed.Any(char.IsUpper)));
            }

            start = -1;
        }

        return words;
    }

    /// <summary>Words as a reader counts them (stop words included; a compound or an acronym with dots is one word).</summary>
    public static int CountWords(string? text) => Tokens(text).Count();

    /// <summary>Every distinct key of the texts, space-separated: what the index stores for a claim.</summary>
    public static string IndexText(params string?[] texts)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var builder = new StringBuilder();
        foreach (var text in texts)
        {
            foreach (var key in Of(text).SelectMany(t => t.Keys))
            {
                if (keys.Add(key))
                {
                    builder.Append(builder.Length == 0 ? "" : " ").Append(key);
                }
            }
        }

        return builder.ToString();
    }

    /// <summary>A word or compound as written: its parts (split at hyphens and apostrophes) and the whole.</summary>
    private sealed record Token(IReadOnlyList<string> Parts, string Written);

    private static IEnumerable<Token> Tokens(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        var folded = Fold(text);
        var parts = new List<string>();
        var part = new StringBuilder();
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var c = i < folded.Length ? folded[i] : ' ';
            if (char.IsLetterOrDigit(c))
            {
                if (start < 0)
                {
                    start = i;
                }

                part.Append(c);
                continue;
            }

            if (part.Length > 0 && IsJoiner(c) && i + 1 < folded.Length && char.IsLetterOrDigit(folded[i + 1]))
            {
                parts.Add(part.ToString());
                part.Clear();
                continue;
            }

            // U.S., U.N.: single letters each followed by a dot are one acronym.
            if (c == '.' && part.Length == 1 && char.IsLetter(part[0]) && i + 2 < folded.Length && char.IsLetter(folded[i + 1])
                && (i + 2 == folded.Length || !char.IsLetterOrDigit(folded[i + 2])))
            {
                continue;
            }

            if (part.Length > 0)
            {
                parts.Add(part.ToString());
                part.Clear();
            }

            if (parts.Count > 0)
            {
                yield return new Token(parts.ToArray(), folded[start..i].TrimEnd('.'));
                parts.Clear();
            }

            start = -1;
        }
    }

    private static bool IsJoiner(char c) => c is '-' or '\u2010' or '\u2011' or '\'' or '\u2019' or '\u02BC' or '`' or '\u02BF' or '\u02BE';

    private static void AddToken(Token token, List<MatchTerm> terms)
    {
        var parts = token.Parts.ToList();
        if (parts.Count > 1 && parts[^1] is "s" or "S")
        {
            parts.RemoveAt(parts.Count - 1); // Russia's
        }

        if (parts.Count > 1 && ArabicArticles.Contains(parts[0].ToLowerInvariant()) && IsLatin(parts[1]))
        {
            parts.RemoveAt(0); // al-Zour, ez-Zor
        }

        if (parts.Count == 1 || parts.Any(p => p.Any(char.IsDigit)))
        {
            // Su-24, MH17: the whole is one name.
            var whole = string.Concat(parts);
            if (KeyOf(whole) is { } key)
            {
                terms.Add(new MatchTerm(key, token.Written));
            }

            return;
        }

        var joined = KeyOf(string.Concat(parts).ToLowerInvariant());
        foreach (var part in parts)
        {
            if (KeyOf(part) is { } key)
            {
                terms.Add(new MatchTerm(key, token.Written, joined != key ? joined : null));
            }
        }
    }

    /// <summary>The key of one word, or null for a stop word or a lone letter.</summary>
    internal static string? KeyOf(string word)
    {
        var lower = word.ToLowerInvariant();
        if (IsAcronym(word))
        {
            return lower;
        }

        if (StopWords.Contains(lower) || (lower.Length == 1 && !char.IsDigit(lower[0])))
        {
            return null;
        }

        if (NumberWords.TryGetValue(lower, out var number))
        {
            return number;
        }

        if (lower.Any(char.IsDigit))
        {
            return lower;
        }

        if (IsLatin(lower))
        {
            var stem = Stem(lower);
            var skeleton = Skeleton(stem);
            return skeleton.Length >= 2 ? skeleton : stem;
        }

        return IsArabic(lower) ? Arabic(lower) : lower;
    }

    /// <summary>Two to five capitals (ISIS, FSB, IS, US): kept as written, never stemmed or folded.</summary>
    private static bool IsAcronym(string word) =>
        word.Length is >= 2 and <= 5 && word.All(c => c is >= 'A' and <= 'Z');

    private static bool IsLatin(string word) => word.All(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z');

    private static bool IsArabic(string word) => word.Any(c => c is >= '\u0600' and <= '\u06FF');

    /// <summary>Captured, captures, capturing and capture → "captur"; soldiers → "soldier"; casualties → "casualty".</summary>
    internal static string Stem(string word)
    {
        var w = word;
        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4)
        {
            w = w[..^3] + "y";
        }
        else if (w.EndsWith("ied", StringComparison.Ordinal) && w.Length > 4)
        {
            w = w[..^3] + "y";
        }
        else if (w.EndsWith("sses", StringComparison.Ordinal))
        {
            w = w[..^2];
        }
        else if (w.EndsWith('s') && w.Length > 3 && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal) && !w.EndsWith("is", StringComparison.Ordinal))
        {
            w = w[..^1];
        }

        if (w.EndsWith("ing", StringComparison.Ordinal) && HasVowel(w[..^3]) && w.Length > 5)
        {
            w = w[..^3];
        }
        else if (w.EndsWith("ed", StringComparison.Ordinal) && HasVowel(w[..^2]) && w.Length > 4)
        {
            w = w[..^2];
        }

        if (w.EndsWith('e') && w.Length > 3)
        {
            w = w[..^1];
        }

        return w;
    }

    private static bool HasVowel(string part) => part.Any(c => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y');

    /// <summary>
    /// The consonants of a Latin word, doubled letters once, q as k: what transliterations of one Arabic or Persian
    /// name keep in common (Zor/Zour/Zawr → "zr", Raqqa/Rakka → "rk", Dayr/Deir → "dr"). A leading vowel is kept,
    /// except before a doubled consonant, which is an article run into the name (Ezzor = ez-Zor, Assad = as-Sad).
    /// </summary>
    internal static string Skeleton(string word)
    {
        var builder = new StringBuilder(word.Length);
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i] == 'q' ? 'k' : word[i];
            // "aw" before a consonant is a vowel too (Zawr = Zour), but not "ow" (down) or a final w (draw).
            var vowel = c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y'
                || (c == 'w' && i > 0 && word[i - 1] == 'a' && i + 1 < word.Length && word[i + 1] is not ('a' or 'e' or 'i' or 'o' or 'u' or 'y'));
            if (vowel)
            {
                var assimilatedArticle = i + 2 < word.Length && word[i + 1] == word[i + 2];
                if (i == 0 && !assimilatedArticle)
                {
                    builder.Append(c);
                }

                continue;
            }

            if (builder.Length == 0 || builder[^1] != c)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Arabic: the letter variants of alef, ya and ta marbuta as one, and the article al- dropped from longer words.</summary>
    private static string Arabic(string word)
    {
        var builder = new StringBuilder(word.Length);
        foreach (var c in word)
        {
            builder.Append(c switch
            {
                '\u0623' or '\u0625' or '\u0622' or '\u0671' => '\u0627',
                '\u0649' => '\u064A',
                '\u0629' => '\u0647',
                _ => c,
            });
        }

        var folded = builder.ToString();
        return folded.Length > 4 && folded.StartsWith("\u0627\u0644", StringComparison.Ordinal) ? folded[2..] : folded;
    }

    /// <summary>Diacritics and marks removed (Arabic vowel marks and the tatweel too), letters that do not decompose spelt out.</summary>
    private static string Fold(string text)
    {
        if (System.Text.Ascii.IsValid(text))
        {
            return text;
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
                || c == '\u0640')
            {
                continue;
            }

            switch (c)
            {
                case 'ß': builder.Append("ss"); break;
                case 'æ': builder.Append("ae"); break;
                case 'Æ': builder.Append("AE"); break;
                case 'ø': builder.Append('o'); break;
                case 'Ø': builder.Append('O'); break;
                case 'đ': builder.Append('d'); break;
                case 'Đ': builder.Append('D'); break;
                case 'ł': builder.Append('l'); break;
                case 'Ł': builder.Append('L'); break;
                case 'ı': builder.Append('i'); break;
                case 'ё': builder.Append('е'); break;
                case 'Ё': builder.Append('Е'); break;
                default: builder.Append(c); break;
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
