namespace VerifyTrack.Web.Similarity;

/// <summary>A name and its equivalents: other names of the same party or place ("Islamic State": ISIS, IS, ISIL, Daesh).</summary>
public sealed record AliasGroup(long Id, string Name, IReadOnlyList<string> Terms)
{
    /// <summary>The main name first, then each equivalent.</summary>
    public IEnumerable<string> Members => Terms.Prepend(Name);
}

/// <summary>
/// The alias list compiled for use: for similarity, a run of match terms that spells any member of a group becomes
/// one term standing for the group; for search, a typed word or phrase that spells a member becomes every member.
/// Pure: built from the groups, no I/O.
/// </summary>
public sealed class AliasSet
{
    /// <summary>Group terms never reach the index: no key made from text starts with this.</summary>
    public const string GroupKeyPrefix = "alias:";

    public static readonly AliasSet Empty = new([]);

    private readonly Dictionary<string, List<(string[] Keys, AliasGroup Group)>> _byFirstKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string[] Words, bool CapitalsOnly, AliasGroup Group)>> _byFirstWord = new(StringComparer.Ordinal);
    private readonly Dictionary<long, IReadOnlyList<string[]>> _memberKeys = [];
    private readonly Dictionary<long, IReadOnlyList<string[]>> _memberWords = [];

    public AliasSet(IEnumerable<AliasGroup> groups)
    {
        var takenKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            Groups.Add(group);
            var keysOfGroup = new List<string[]>();
            var wordsOfGroup = new List<string[]>();
            foreach (var member in group.Members)
            {
                var keys = KeysOf(member);
                // Where two groups claim the same words (a list edited behind the app's back), the first keeps them.
                if (keys.Length > 0 && takenKeys.Add(string.Join(' ', keys)))
                {
                    keysOfGroup.Add(keys);
                    Add(_byFirstKey, keys[0], (keys, group));
                }

                var words = SearchWordsOf(member);
                if (words.Length > 0)
                {
                    wordsOfGroup.Add(words);
                    var capitalsOnly = words.Length == 1 && MatchTerms.IsStopWord(words[0]);
                    Add(_byFirstWord, words[0], (words, capitalsOnly, group));
                }
            }

            _memberKeys[group.Id] = keysOfGroup;
            _memberWords[group.Id] = wordsOfGroup;
        }

        foreach (var list in _byFirstKey.Values)
        {
            list.Sort((a, b) => b.Keys.Length.CompareTo(a.Keys.Length));
        }

        foreach (var list in _byFirstWord.Values)
        {
            list.Sort((a, b) => b.Words.Length.CompareTo(a.Words.Length));
        }
    }

    public List<AliasGroup> Groups { get; } = [];

    /// <summary>The match keys of an alias member as one run ("Islamic State" → islmc, st).</summary>
    public static string[] KeysOf(string member) => MatchTerms.Of(member).Select(t => t.Key).ToArray();

    /// <summary>The words of a member as the search index holds them: lower case, without diacritics, one letter or more than one.</summary>
    public static string[] SearchWordsOf(string member) => MatchTerms.SearchWords(member).Select(w => w.Plain).ToArray();

    public static string GroupKey(long groupId) => GroupKeyPrefix + groupId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static bool IsGroupKey(string key) => key.StartsWith(GroupKeyPrefix, StringComparison.Ordinal);

    /// <summary>Each member of the group as a run of match keys; a lookup asks the index for any of them.</summary>
    public IReadOnlyList<string[]> MemberKeys(long groupId) => _memberKeys.TryGetValue(groupId, out var keys) ? keys : [];

    /// <summary>Each member of the group as a run of search words.</summary>
    public IReadOnlyList<string[]> MemberWords(long groupId) => _memberWords.TryGetValue(groupId, out var words) ? words : [];

    public AliasGroup? Group(long groupId) => Groups.FirstOrDefault(g => g.Id == groupId);

    /// <summary>
    /// The terms with every run that spells a member of a group (the longest first) replaced by one term for the
    /// group, whose key is <see cref="GroupKey"/> and whose word is the group's main name.
    /// </summary>
    public IReadOnlyList<MatchTerm> Canonicalise(IReadOnlyList<MatchTerm> terms)
    {
        if (_byFirstKey.Count == 0)
        {
            return terms;
        }

        var result = new List<MatchTerm>(terms.Count);
        for (var i = 0; i < terms.Count;)
        {
            var found = _byFirstKey.TryGetValue(terms[i].Key, out var candidates)
                ? candidates.FirstOrDefault(c => Spells(terms, i, c.Keys))
                : default;
            if (found.Group is { } group)
            {
                result.Add(new MatchTerm(GroupKey(group.Id), group.Name));
                i += found.Keys.Length;
            }
            else
            {
                result.Add(terms[i]);
                i++;
            }
        }

        return result;
    }

    /// <summary>
    /// The group whose member the typed words spell from <paramref name="start"/> (the longest), and how many words it
    /// took. A member that is also a common word ("IS", "US") is only taken when typed in capitals.
    /// </summary>
    public (AliasGroup Group, int Length)? MemberAt(IReadOnlyList<SearchWord> words, int start)
    {
        if (!_byFirstWord.TryGetValue(words[start].Plain, out var candidates))
        {
            return null;
        }

        foreach (var (memberWords, capitalsOnly, group) in candidates)
        {
            if (start + memberWords.Length > words.Count || (capitalsOnly && !words[start].IsCapitals))
            {
                continue;
            }

            var all = true;
            for (var j = 0; j < memberWords.Length && all; j++)
            {
                all = words[start + j].Plain == memberWords[j];
            }

            if (all)
            {
                return (group, memberWords.Length);
            }
        }

        return null;
    }

    private static bool Spells(IReadOnlyList<MatchTerm> terms, int start, string[] keys)
    {
        if (start + keys.Length > terms.Count)
        {
            return false;
        }

        for (var j = 0; j < keys.Length; j++)
        {
            if (terms[start + j].Key != keys[j])
            {
                return false;
            }
        }

        return true;
    }

    private static void Add<T>(Dictionary<string, List<T>> index, string key, T item)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(item);
    }
}
