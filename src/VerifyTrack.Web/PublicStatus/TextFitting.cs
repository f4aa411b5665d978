using System.Globalization;
using System.Text;

namespace VerifyTrack.Web.PublicStatus;

/// <summary>One stretch of a line in a single writing direction, in logical (reading) order.</summary>
public sealed record DirectionRun(string Text, bool RightToLeft);

/// <summary>
/// Fitting text into a space, whatever measures it (characters for a link preview, shaped pixels for the
/// share card): cuts at a word boundary with an ellipsis, greedy line wrapping, and the writing direction
/// of a paragraph and of the runs inside a line.
/// </summary>
public static class TextFitting
{
    public const string Ellipsis = "…";

    private static readonly char[] DanglingPunctuation = [' ', ',', ';', ':', '-', '–', '—', '(', '«', '“', '"', '،', '؛'];

    /// <summary>The text itself (white space made single spaces) when it fits; else the longest run of whole words that fits with an ellipsis.</summary>
    public static string Shorten(string text, Func<string, bool> fits)
    {
        var words = Words(text);
        return fits(words) ? words : CutWithEllipsis(words, fits, 0);
    }

    /// <summary>
    /// At most <paramref name="maxCharacters"/>, cut at a word, unless that would keep less than half of them (a
    /// long name or URL with no spaces): then cut between characters at the limit.
    /// </summary>
    public static string Shorten(string text, int maxCharacters)
    {
        var words = Words(text);
        return words.Length <= maxCharacters ? words : CutWithEllipsis(words, candidate => candidate.Length <= maxCharacters, maxCharacters / 2);
    }

    /// <summary>
    /// Whole words into lines that each fit, at most <paramref name="maxLines"/> of them; the last one ends in an
    /// ellipsis when text was left over. A word too long for a line is broken between two characters.
    /// </summary>
    public static IReadOnlyList<string> Wrap(string text, int maxLines, Func<string, bool> fits)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in Words(text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (lines.Count > maxLines)
            {
                break;
            }

            var joined = line.Length == 0 ? word : $"{line} {word}";
            if (fits(joined))
            {
                line = joined;
                continue;
            }

            if (line.Length > 0)
            {
                lines.Add(line);
            }

            line = word;
            // A long unbroken word is broken between letters, but never further than the lines it can be shown on.
            while (!fits(line) && TextElements(line).Count > 1 && lines.Count <= maxLines)
            {
                var head = LongestFittingPrefix(line, fits);
                lines.Add(head);
                line = line[head.Length..];
            }
        }

        if (line.Length > 0)
        {
            lines.Add(line);
        }

        if (lines.Count <= maxLines)
        {
            return lines;
        }

        var kept = lines.Take(maxLines - 1).ToList();
        kept.Add(CutWithEllipsis($"{lines[maxLines - 1]} {lines[maxLines]}", fits, 0));
        return kept;
    }

    /// <summary>A paragraph reads right to left when its first letter is from a right-to-left script (Arabic, Hebrew…).</summary>
    public static bool IsRightToLeft(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetter(rune))
            {
                return IsRightToLeftScript(rune);
            }
        }

        return false;
    }

    /// <summary>
    /// A line split where its direction changes, a small part of the Unicode bidirectional algorithm: letters
    /// are strong, numbers run left to right (Arabic-Indic digits too), marks follow their letter, and
    /// spaces and punctuation take the direction around them when both sides agree, else the paragraph's.
    /// </summary>
    public static IReadOnlyList<DirectionRun> Runs(string line, bool paragraphRightToLeft)
    {
        // Per UTF-16 unit: true right to left, false left to right, null neutral (resolved below).
        var directions = new bool?[line.Length];
        bool? previous = null;
        for (var i = 0; i < line.Length;)
        {
            var rune = Rune.GetRuneAt(line, i);
            var category = Rune.GetUnicodeCategory(rune);
            bool? direction = category switch
            {
                UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark => previous,
                _ when Rune.IsLetter(rune) => IsRightToLeftScript(rune),
                _ when Rune.IsDigit(rune) || category == UnicodeCategory.OtherNumber => false,
                _ => null,
            };
            for (var j = 0; j < rune.Utf16SequenceLength; j++)
            {
                directions[i + j] = direction;
            }

            previous = direction;
            i += rune.Utf16SequenceLength;
        }

        for (var start = 0; start < line.Length; start++)
        {
            if (directions[start] is not null)
            {
                continue;
            }

            var end = start;
            while (end < line.Length && directions[end] is null)
            {
                end++;
            }

            var before = start == 0 ? paragraphRightToLeft : directions[start - 1]!.Value;
            var after = end == line.Length ? paragraphRightToLeft : directions[end]!.Value;
            for (var i = start; i < end; i++)
            {
                directions[i] = before == after ? before : paragraphRightToLeft;
            }

            start = end;
        }

        var runs = new List<DirectionRun>();
        for (var start = 0; start < line.Length;)
        {
            var end = start;
            while (end < line.Length && directions[end] == directions[start])
            {
                end++;
            }

            runs.Add(new DirectionRun(line[start..end], directions[start]!.Value));
            start = end;
        }

        return runs;
    }

    /// <summary>Hebrew, Arabic, Syriac, Thaana, N'Ko and the other right-to-left blocks, with their presentation forms.</summary>
    private static bool IsRightToLeftScript(Rune rune) => rune.Value is
        (>= 0x0590 and <= 0x08FF) or (>= 0xFB1D and <= 0xFDFF) or (>= 0xFE70 and <= 0xFEFF) or
        (>= 0x10800 and <= 0x10FFF) or (>= 0x1E800 and <= 0x1EFFF);

    /// <summary>Every run of white space as one space, none at either end.</summary>
    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// Shorter than <paramref name="text"/>, always with the ellipsis: whole words when those that fit are at least
    /// <paramref name="minimumWordsLength"/> characters, else whole characters.
    /// </summary>
    private static string CutWithEllipsis(string text, Func<string, bool> fits, int minimumWordsLength)
    {
        for (var space = text.LastIndexOf(' '); space > 0; space = text.LastIndexOf(' ', space - 1))
        {
            var kept = text[..space].TrimEnd(DanglingPunctuation);
            if (kept.Length < Math.Max(1, minimumWordsLength))
            {
                break;
            }

            if (fits(kept + Ellipsis))
            {
                return kept + Ellipsis;
            }
        }

        var prefix = LongestFittingPrefix(text, candidate => fits(candidate + Ellipsis)) + Ellipsis;
        return fits(prefix) ? prefix : Ellipsis;
    }

    /// <summary>The longest run of whole characters (grapheme clusters, never half of one) that fits; at least one.</summary>
    private static string LongestFittingPrefix(string text, Func<string, bool> fits)
    {
        var starts = TextElements(text);
        var length = starts.Count > 1 ? starts[1] : text.Length;
        for (var k = 2; k <= starts.Count; k++)
        {
            var end = k < starts.Count ? starts[k] : text.Length;
            if (!fits(text[..end]))
            {
                break;
            }

            length = end;
        }

        return text[..length];
    }

    private static List<int> TextElements(string text)
    {
        var starts = new List<int>();
        for (var i = 0; i < text.Length; i += StringInfo.GetNextTextElementLength(text, i))
        {
            starts.Add(i);
        }

        return starts;
    }
}
