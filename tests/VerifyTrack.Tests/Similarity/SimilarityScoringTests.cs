using VerifyTrack.Web.Similarity;

namespace VerifyTrack.Tests.Similarity;

public sealed class SimilarityScoringTests
{
    private static readonly SimilarityOptions Options = new();

    private static readonly AliasSet Aliases = new(
    [
        new AliasGroup(1, "Islamic State", ["ISIS", "IS", "ISIL", "Daesh"]),
        new AliasGroup(6, "Deir ez-Zor", ["Deir Ezzor", "Deir al-Zour"]),
    ]);

    private static IReadOnlyList<MatchTerm> Terms(string text) => Aliases.Canonicalise(MatchTerms.Of(text));

    private static List<WeightedTerm> Query(string text, Func<MatchTerm, double>? weight = null) =>
        Terms(text).DistinctBy(t => t.Key).Select(t => new WeightedTerm(t, weight?.Invoke(t) ?? 1)).ToList();

    private static Resemblance Score(string text, string statement, string claimant = "") =>
        SimilarityScoring.Score(Query(text), Terms(statement), Terms(claimant));

    [Fact]
    public void Score_RewordedClaim_IsNearlyOne()
    {
        var resemblance = Score("ISIS claims it has captured two Russian soldiers near Deir ez-Zor", "Islamic State says it captured two Russian soldiers in Deir Ezzor");

        Assert.InRange(resemblance.Score, 0.95, 1.0);
        Assert.Equal(["Islamic State", "captured", "2", "Russian", "soldiers", "Deir ez-Zor"], resemblance.MatchedTerms.Select(w => w == "two" ? "2" : w));
    }

    [Fact]
    public void Score_SameText_IsOne() =>
        Assert.Equal(1.0, Score("Russian jets struck a hospital in Idlib", "Russian jets struck a hospital in Idlib").Score, 6);

    [Fact]
    public void Score_NothingShared_IsZeroWithNoMatchedTerms()
    {
        var resemblance = Score("Flooding closes the port of Rotterdam", "Islamic State says it captured two Russian soldiers");

        Assert.Equal(0, resemblance.Score);
        Assert.Empty(resemblance.MatchedTerms);
    }

    [Fact]
    public void Score_NoQueryTerms_IsZero() => Assert.Equal(0, SimilarityScoring.Score([], Terms("anything at all"), []).Score);

    [Fact]
    public void Score_IsSymmetricInWhatIsMissing()
    {
        var longer = Score("Russian jets struck a hospital in Idlib", "Russian jets struck a hospital and a school in Idlib province").Score;
        var shorter = Score("Russian jets struck a hospital and a school in Idlib province", "Russian jets struck a hospital in Idlib").Score;

        Assert.InRange(longer, 0.5, 0.99);
        Assert.Equal(longer, shorter, 6);
    }

    [Fact]
    public void Score_RareTermsCountMore()
    {
        double Weight(MatchTerm t) => t.Word == "Quryatayn" ? 10 : 1;
        var sharesTheRareOne = SimilarityScoring.Score(Query("Fighters took Quryatayn town", Weight), Terms("Fighters entered Quryatayn"), []).Score;
        var sharesACommonOne = SimilarityScoring.Score(Query("Fighters took Quryatayn town", Weight), Terms("Fighters took a town"), []).Score;

        Assert.True(sharesTheRareOne > sharesACommonOne, $"{sharesTheRareOne} vs {sharesACommonOne}");
    }

    [Fact]
    public void Score_ClaimantCountsWhenNamed_AndIsNotHeldAgainstTheClaimWhenNot()
    {
        var named = Score("Amaq says fighters captured two soldiers", "Fighters captured two soldiers", "Amaq News Agency").Score;
        var notNamed = Score("Fighters captured two soldiers", "Fighters captured two soldiers", "Amaq News Agency").Score;

        Assert.Equal(1.0, notNamed, 6);
        Assert.True(named > Score("Amaq says fighters captured two soldiers", "Fighters captured two soldiers").Score);
    }

    [Fact]
    public void Score_CompoundMeetsItsJoinedSpelling()
    {
        Assert.Equal(1.0, Score("prorussian separatists shelled Avdiivka", "pro-Russian separatists shelled Avdiivka").Score, 6);
        Assert.Equal(1.0, Score("pro-Russian separatists shelled Avdiivka", "prorussian separatists shelled Avdiivka").Score, 6);
        Assert.Contains("pro-Russian", Score("prorussian separatists", "pro-Russian separatists").MatchedTerms);
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(50, 100)]
    [InlineData(100, 100)]
    [InlineData(5, 3)]
    [InlineData(0, 0)]
    public void Weight_IsAlwaysPositive(long df, long claims) => Assert.True(SimilarityScoring.Weight(df, claims) > 0);

    [Fact]
    public void Weight_FallsAsTermsGetCommoner() =>
        Assert.True(SimilarityScoring.Weight(10, 1_000_000) > SimilarityScoring.Weight(100_000, 1_000_000));

    [Theory]
    [InlineData(0.44, 12, 12, null)]
    [InlineData(0.45, 12, 12, Likeness.Suggested)]
    [InlineData(0.74, 12, 12, Likeness.Suggested)]
    [InlineData(0.75, 12, 12, Likeness.Likely)]
    [InlineData(1.0, 8, 8, Likeness.Likely)]
    [InlineData(1.0, 7, 12, Likeness.Suggested)]
    [InlineData(1.0, 12, 7, Likeness.Suggested)]
    [InlineData(0.2, 3, 3, null)]
    public void Classify_TwoThresholds_AndShortTextsAreNeverLikely(double score, int textWords, int claimWords, Likeness? expected) =>
        Assert.Equal(expected, SimilarityScoring.Classify(score, textWords, claimWords, Options));
}
