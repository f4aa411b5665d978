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

    /// <summary>
    /// The longest prefix the search index holds (migration 0006): a longer word is searched by its first
    /// this-many letters, which keeps every term on an index instead of a merge of every term it starts.
    /// </summary>
    public const int MaxPrefix = 10;

    /// <param name="columns">Limit the match to these FTS columns (the public side searches only what it shows).</param>
    public static string? ToFtsQuery(string? text, params string[] columns)
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
        var query = terms.Count == 0 ? "\"\"" : string.Join(" AND ", terms.Take(MaxTerms));
        return columns.Length == 0 ? query : $"{{{string.Join(' ', columns)}}} : ({query})";

        // A one-letter prefix matches nearly every claim and tells the search nothing.
        void Flush()
        {
            if (word.Length > 1)
            {
                terms.Add($"\"{(word.Length > MaxPrefix ? word.ToString(0, MaxPrefix) : word)}\"*");
            }

            word.Clear();
        }
    }
}
