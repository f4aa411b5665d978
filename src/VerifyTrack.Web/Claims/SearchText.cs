using System.Text;

namespace VerifyTrack.Web.Claims;

/// <summary>
/// Turns what an editor types into an FTS5 query that cannot be malformed: every word becomes a quoted
/// prefix term and all must match, so <c>russ sold</c> finds "Russian soldiers" and stray quotes,
/// colons or operators are just text.
/// </summary>
public static class SearchText
{
    public const int MaxTerms = 12;

    public static string? ToFtsQuery(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var terms = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
            }
            else
            {
                Flush();
            }
        }

        Flush();
        return terms.Count == 0 ? "\"\"" : string.Join(" AND ", terms.Take(MaxTerms));

        void Flush()
        {
            if (word.Length > 0)
            {
                terms.Add($"\"{word}\"*");
                word.Clear();
            }
        }
    }
}
