using System.Text;

namespace VerifyTrack.Web.Intake;

/// <summary>One sentence of the copy, verbatim, with the paragraph it came from (0-based).</summary>
public sealed record Sentence(string Text, int Paragraph);

/// <summary>
/// Splits wire copy into paragraphs and sentences. A sentence ends at ".", "!", "?" (or the Arabic "؟") with any
/// closing quotes or brackets, followed by a space and something that is not a lower-case letter, except after
/// an abbreviation ("Gen.", "Sept.", "U.S.") or an initial ("John F. Kennedy"). A quotation is kept whole with
/// the words that attribute it ("“… I was taken prisoner,” claimed the man"), unless its quotes do not pair up.
/// </summary>
public static class SentenceSplitter
{
    /// <summary>Abbreviations that never end a sentence: titles, months, "No.", "vs.".</summary>
    private static readonly HashSet<string> Titles = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cpl", "pvt", "adm", "cmdr",
        "gov", "sen", "rep", "rev", "fr", "st", "mt", "ft", "pres", "amb", "hon", "jan", "feb", "mar", "apr", "jun", "jul",
        "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos", "vs", "v", "approx", "est", "fig", "vol", "pp", "para",
        "art", "sec", "dept", "govt", "univ",
    };

    /// <summary>Abbreviations that may end a sentence ("…in the U.S. The ministry said…") when a usual sentence opener follows.</summary>
    private static readonly HashSet<string> EndingAbbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "u.s", "u.k", "u.n", "e.u", "u.s.a", "a.m", "p.m", "inc", "co", "corp", "ltd", "jr", "sr", "etc", "i.e", "e.g",
    };

    private static readonly HashSet<string> SentenceOpeners = new(StringComparer.Ordinal)
    {
        "The", "A", "An", "He", "She", "It", "They", "We", "I", "His", "Her", "Its", "Their", "This", "That", "These",
        "Those", "There", "But", "And", "However", "In", "On", "At", "After", "Before", "Meanwhile", "Earlier", "Later",
        "Officials", "Police",
    };

    private const int MaxQuotedLength = 1200;

    /// <summary>Whether a word with its stop ("Dr.", "Gen.", "U.S.", "F.") is an abbreviation or an initial, not a sentence's end.</summary>
    public static bool IsAbbreviation(string word)
    {
        var bare = word.TrimStart('(', '[', '"', '“', '‘').TrimEnd(',');
        if (!bare.EndsWith('.') || bare.Length < 2)
        {
            return false;
        }

        bare = bare[..^1];
        return (bare.Length == 1 && char.IsUpper(bare[0])) || Titles.Contains(bare) || EndingAbbreviations.Contains(bare);
    }

    public static IReadOnlyList<Sentence> Split(string text)
    {
        var sentences = new List<Sentence>();
        var paragraph = 0;
        foreach (var block in Paragraphs(text))
        {
            foreach (var sentence in SplitParagraph(block))
            {
                sentences.Add(new Sentence(sentence, paragraph));
            }

            paragraph++;
        }

        return sentences;
    }

    /// <summary>
    /// Paragraphs are lines; a line that stops mid-sentence and is followed by one starting in lower case is the
    /// same paragraph wrapped.
    /// </summary>
    public static IReadOnlyList<string> Paragraphs(string text)
    {
        var paragraphs = new List<string>();
        var current = new StringBuilder();
        foreach (var raw in text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n'))
        {
            var line = CollapseSpaces(raw);
            if (line.Length == 0)
            {
                Flush();
                continue;
            }

            if (current.Length > 0 && !EndsSentence(current) && char.IsLower(line[0]))
            {
                current.Append(' ').Append(line);
                continue;
            }

            Flush();
            current.Append(line);
        }

        Flush();
        return paragraphs;

        void Flush()
        {
            if (current.Length > 0)
            {
                paragraphs.Add(current.ToString());
                current.Clear();
            }
        }
    }

    private static IEnumerable<string> SplitParagraph(string paragraph)
    {
        var trackQuotes = QuotesPairUp(paragraph);
        var depth = 0;
        var quoteStart = -1;
        var start = 0;
        for (var i = 0; i < paragraph.Length; i++)
        {
            var c = paragraph[i];
            if (trackQuotes)
            {
                if (c is '“' or '«' || (c == '"' && depth == 0))
                {
                    if (depth++ == 0)
                    {
                        quoteStart = i;
                    }

                    continue;
                }

                if (c is '”' or '»' || (c == '"' && depth > 0))
                {
                    depth = Math.Max(0, depth - 1);

                    // A quotation that ends its sentence: "… take our revenge." ISIS released it.
                    if (depth == 0 && i > 0 && paragraph[i - 1] is '.' or '!' or '?' or '؟' or '…' &&
                        i + 2 < paragraph.Length && paragraph[i + 1] == ' ' && !char.IsLower(paragraph[i + 2]))
                    {
                        yield return paragraph[start..(i + 1)];
                        start = i + 2;
                        i++;
                    }

                    continue;
                }
            }

            if (c is not ('.' or '!' or '?' or '؟' or '…'))
            {
                continue;
            }

            // A long quotation is split after all: better a quote in pieces than a paragraph as one sentence.
            if (depth > 0 && i - quoteStart < MaxQuotedLength)
            {
                continue;
            }

            var end = i + 1;
            while (end < paragraph.Length && paragraph[end] is '.' or '"' or '”' or '’' or '\'' or ')' or ']' or '»')
            {
                if (paragraph[end] is '”' or '»' || (paragraph[end] == '"' && depth > 0))
                {
                    depth = Math.Max(0, depth - 1);
                }

                end++;
            }

            if (end >= paragraph.Length || paragraph[end] != ' ')
            {
                continue;
            }

            var next = end + 1;
            if (next >= paragraph.Length || char.IsLower(paragraph[next]) || !IsBoundaryAfter(paragraph, start, i, next))
            {
                continue;
            }

            yield return paragraph[start..end];
            start = next;
            i = end;
        }

        if (start < paragraph.Length)
        {
            yield return paragraph[start..].TrimEnd();
        }
    }

    /// <summary>Whether the stop at <paramref name="stop"/> ends the sentence, given the word before it and the one after.</summary>
    private static bool IsBoundaryAfter(string paragraph, int sentenceStart, int stop, int next)
    {
        if (paragraph[stop] != '.')
        {
            return true;
        }

        var wordStart = stop;
        while (wordStart > sentenceStart && !char.IsWhiteSpace(paragraph[wordStart - 1]) && paragraph[wordStart - 1] is not ('(' or '"' or '“'))
        {
            wordStart--;
        }

        var word = paragraph[wordStart..stop].TrimStart('(', '[', '"', '“', '‘');
        if (word.Length == 0)
        {
            return true;
        }

        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            // An initial, as in "John F. Kennedy".
            return false;
        }

        if (Titles.Contains(word))
        {
            return false;
        }

        if (EndingAbbreviations.Contains(word))
        {
            return SentenceOpeners.Contains(NextWord(paragraph, next));
        }

        return true;
    }

    private static string NextWord(string paragraph, int at)
    {
        var end = at;
        while (end < paragraph.Length && char.IsLetter(paragraph[end]))
        {
            end++;
        }

        return paragraph[at..end];
    }

    private static bool QuotesPairUp(string paragraph)
    {
        int open = 0, close = 0, straight = 0;
        foreach (var c in paragraph)
        {
            switch (c)
            {
                case '“' or '«':
                    open++;
                    break;
                case '”' or '»':
                    close++;
                    break;
                case '"':
                    straight++;
                    break;
            }
        }

        return open == close && straight % 2 == 0;
    }

    private static bool EndsSentence(StringBuilder text)
    {
        var i = text.Length - 1;
        while (i > 0 && text[i] is '"' or '”' or '’' or ')' or ']' or '»')
        {
            i--;
        }

        return text[i] is '.' or '!' or '?' or '؟' or ':' or '…';
    }

    private static string CollapseSpaces(string line)
    {
        var builder = new StringBuilder(line.Length);
        foreach (var c in line)
        {
            if (char.IsWhiteSpace(c) || c == '\u00A0')
            {
                if (builder.Length > 0 && builder[^1] != ' ')
                {
                    builder.Append(' ');
                }
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString().TrimEnd();
    }
}
