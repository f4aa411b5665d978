using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Similarity;

namespace VerifyTrack.Tests.Similarity;

public sealed class AliasSetTests
{
    private static readonly AliasSet Aliases = new(
    [
        new AliasGroup(1, "Islamic State", ["ISIS", "IS", "ISIL", "Daesh", "Islamic State of Iraq and the Levant"]),
        new AliasGroup(3, "Russian Defence Ministry", ["Russia's Defence Ministry", "Ministry of Defence of Russia", "MoD"]),
        new AliasGroup(5, "United States", ["US", "America"]),
        new AliasGroup(7, "Deir ez-Zor", ["Deir Ezzor"]),
    ]);

    private static string Canonical(string text) => string.Join(" | ", Aliases.Canonicalise(MatchTerms.Of(text)).Select(t => t.Word));

    [Theory]
    [InlineData("ISIS fighters", "Islamic State | fighters")]
    [InlineData("IS fighters", "Islamic State | fighters")]
    [InlineData("it is fighters", "fighters")]
    [InlineData("Daesh's fighters", "Islamic State | fighters")]
    [InlineData("Islamic State fighters", "Islamic State | fighters")]
    [InlineData("Islamic State of Iraq and the Levant fighters", "Islamic State | fighters")]
    [InlineData("the Ministry of Defence of Russia denied it", "Russian Defence Ministry | denied")]
    [InlineData("Russian Defense Ministry", "Russian | Defense | Ministry")]
    [InlineData("U.S. officials", "United States | officials")]
    [InlineData("officials in Deir al-Zour", "officials | Deir ez-Zor")]
    public void Canonicalise_RunsThatSpellAMember_BecomeTheGroup(string text, string expected) => Assert.Equal(expected, Canonical(text));

    [Fact]
    public void Canonicalise_GivesOneKeyPerGroup()
    {
        var one = Aliases.Canonicalise(MatchTerms.Of("ISIS"));
        var other = Aliases.Canonicalise(MatchTerms.Of("Islamic State"));

        Assert.Equal(one.Single().Key, other.Single().Key);
        Assert.True(AliasSet.IsGroupKey(one.Single().Key));
    }

    [Fact]
    public void Canonicalise_WithoutAliases_ChangesNothing()
    {
        var terms = MatchTerms.Of("ISIS fighters");
        Assert.Same(terms, AliasSet.Empty.Canonicalise(terms));
    }

    [Fact]
    public void NewSet_AMemberInTwoGroups_StaysWithTheFirst()
    {
        var set = new AliasSet([new AliasGroup(1, "Islamic State", ["ISIS"]), new AliasGroup(2, "Caliphate", ["ISIS"])]);
        Assert.Equal("Islamic State", set.Canonicalise(MatchTerms.Of("ISIS")).Single().Word);
    }

    [Theory]
    [InlineData("ISIS captured", """("islamic"* AND "state"*) OR "isis"* OR "isil"* OR "daesh"* OR ("islamic"* AND "state"* AND "iraq"* AND "levant"*)""", "\"captured\"*")]
    [InlineData("Islamic State captured", """("islamic"* AND "state"*) OR "isis"* OR "isil"* OR "daesh"* OR ("islamic"* AND "state"* AND "iraq"* AND "levant"*)""", "\"captured\"*")]
    [InlineData("MoD denies", "(\"russia\"* AND \"defence\"* AND \"ministry\"*) OR (\"ministry\"* AND \"defence\"* AND \"russia\"*) OR \"mod\")", "\"denies\"*")]
    [InlineData("US officials", "(\"united\"* AND \"states\"*) OR \"america\"*)", "\"officials\"*")]
    public void SearchText_AliasMember_BecomesAnyMemberOfItsGroup(string typed, string group, string rest)
    {
        var query = SearchText.ToFtsQuery(typed, Aliases)!;

        Assert.Contains(group, query, StringComparison.Ordinal);
        Assert.EndsWith($" AND {rest}", query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("is captured", "\"is\"* AND \"captured\"*")]
    [InlineData("us officials", "\"us\"* AND \"officials\"*")]
    [InlineData("russ sold", "\"russ\"* AND \"sold\"*")]
    [InlineData("zaporizhzhian", "\"zaporizhzh\"*")]
    [InlineData("\"ISIS\":", "\"daesh\"* OR (\"islamic\"* AND \"state\"* AND \"iraq\"* AND \"levant\"*))")]
    [InlineData("a b", "\"\"")]
    public void SearchText_OtherWords_ArePrefixTerms(string typed, string expected) =>
        Assert.EndsWith(expected, SearchText.ToFtsQuery(typed, Aliases)!, StringComparison.Ordinal);

    [Fact]
    public void SearchText_WithoutAliases_IsAsBefore()
    {
        Assert.Equal("\"ISIS\"* AND \"captured\"*", SearchText.ToFtsQuery("ISIS captured"));
        Assert.Equal("{statement claimant} : (\"ISIS\"*)", SearchText.ToFtsQuery("ISIS", "statement", "claimant"));
        Assert.Null(SearchText.ToFtsQuery("  ", Aliases));
    }

    [Fact]
    public void SearchText_CountsAGroupAsOneTerm()
    {
        var query = SearchText.ToFtsQuery(string.Join(' ', Enumerable.Repeat("ISIS", 20)), Aliases)!;
        Assert.Equal(SearchText.MaxTerms - 1, query.Split(") AND (").Length - 1);
    }
}
