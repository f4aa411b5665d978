using VerifyTrack.Web.Similarity;

namespace VerifyTrack.Web.Claims;

/// <summary>
/// Turns what an editor types into an FTS5 query that cannot be malformed: every word becomes a quoted
/// prefix term and all must match, so <c>russ sold</c> finds "Russian soldiers" and stray quotes,
/// colons or operators are just text. A word or phrase that is a member of an alias group becomes any of
/// the group's members, so "ISIS" also finds "Islamic State".
/// </summary>
public static class SearchText
{
    public const int MaxTerms = 12;

    /// <summary>
    /// The longest prefix the search index holds (migration 0006): a longer word is searched by its first
    /// this-many letters, which keeps every term on an index instead of a merge of every term it starts.
    /// </summary>
    public const int MaxPrefix = 10;

    /// <summary>
    /// An alias as short as this is matched as a whole word: as a prefix, "MoD" would find "moderate" and "modern".
    /// </summary>
    private const int WholeWordUpTo = 3;

    /// <param name="columns">Limit the match to these FTS columns (the public side searches only what it shows).</param>
    public static string? ToFtsQuery(string? text, params string[] columns) => ToFtsQuery(text, AliasSet.Empty, columns);

    /// <param name="aliases">The alias list, whose groups widen a word or phrase that spells one of their members.</param>
    /// <param name="columns">Limit the match to these FTS columns.</param>
    public static string? ToFtsQuery(string? text, AliasSet aliases, params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // A one-letter prefix matches nearly every claim and tells the search nothing: SearchWords leaves them out.
        var words = MatchTerms.SearchWords(text);
        var terms = new List<string>();
        for (var i = 0; i < words.Count && terms.Count < MaxTerms;)
        {
            if (aliases.MemberAt(words, i) is { } member && AnyOf(aliases.MemberWords(member.Group.Id)) is { } group)
            {
                terms.Add(group);
                i += member.Length;
            }
            else
            {
                terms.Add(Prefix(words[i].Typed));
                i++;
            }
        }

        var query = terms.Count == 0 ? "\"\"" : string.Join(" AND ", terms);
        return columns.Length == 0 ? query : $"{{{string.Join(' ', columns)}}} : ({query})";
    }

    private static string Prefix(string word) => $"\"{(word.Length > MaxPrefix ? word[..MaxPrefix] : word)}\"*";

    private static string Term(string word) => word.Length <= WholeWordUpTo ? $"\"{word}\"" : Prefix(word);

    /// <summary>
    /// Any member of the group: a phrase as all its words. Common words are left out of a member, and a member made
    /// only of them ("IS", "US") is left out of the search, where it would find every claim with the word "is".
    /// </summary>
    private static string? AnyOf(IReadOnlyList<string[]> members)
    {
        var alternatives = members
            .Select(words => words.Where(w => !MatchTerms.IsStopWord(w)).Select(Term).ToList())
            .Where(words => words.Count > 0)
            .Select(words => words.Count == 1 ? words[0] : $"({string.Join(" AND ", words)})")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return alternatives.Count == 0 ? null : $"({string.Join(" OR ", alternatives)})";
    }
}
