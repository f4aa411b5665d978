using VerifyTrack.Web.Claims;

namespace VerifyTrack.Tests.Claims;

public sealed class SlugsTests
{
    [Theory]
    [InlineData("ISIS says it captured two Russian soldiers", "isis-says-it-captured-two-russian-soldiers")]
    [InlineData("  Moscow: \"No soldiers\" were captured!  ", "moscow-no-soldiers-were-captured")]
    [InlineData("Café in Zürich — déjà vu", "cafe-in-zurich-deja-vu")]
    [InlineData("داعش تعلن أسر جنديين روسيين", "claim")]
    [InlineData("</script><script>alert(1)</script>", "script-script-alert-1-script")]
    public void FromText_MakesReadableAsciiSlugs(string text, string expected)
    {
        Assert.Equal(expected, Slugs.FromText(text));
    }

    [Fact]
    public void FromText_LongStatement_IsCutAtAWordBoundary()
    {
        var slug = Slugs.FromText("Video shows Islamic State beheading a man who says he spied for Russia's FSB security service in the Caucasus");

        Assert.True(slug.Length <= Slugs.MaxLength, slug);
        Assert.False(slug.EndsWith('-'));
        Assert.StartsWith("video-shows-islamic-state-beheading", slug);
    }

    [Fact]
    public void MakeUnique_TakesTheLowestFreeSuffix()
    {
        Assert.Equal("a", Slugs.MakeUnique("a", new HashSet<string>()));
        Assert.Equal("a-2", Slugs.MakeUnique("a", new HashSet<string> { "a" }));
        Assert.Equal("a-4", Slugs.MakeUnique("a", new HashSet<string> { "a", "a-2", "a-3" }));
    }
}

public sealed class SearchTextTests
{
    [Theory]
    [InlineData("russ sold", "\"russ\"* AND \"sold\"*")]
    [InlineData("  \"Deir\" OR NEAR(ezzor) ", "\"Deir\"* AND \"OR\"* AND \"NEAR\"* AND \"ezzor\"*")]
    [InlineData("داعش", "\"داعش\"*")]
    [InlineData("!!!", "\"\"")]
    [InlineData("a b russ", "\"russ\"*")]
    [InlineData("   ", null)]
    [InlineData("Internationally recognised", "\"Internatio\"* AND \"recognised\"*")]
    public void ToFtsQuery_MakesEveryWordAQuotedPrefixTerm(string text, string? expected)
    {
        Assert.Equal(expected, SearchText.ToFtsQuery(text));
    }

    [Fact]
    public void ToFtsQuery_WithColumns_LimitsTheMatchToThem()
    {
        Assert.Equal("{statement claimant} : (\"amaq\"*)", SearchText.ToFtsQuery("amaq", "statement", "claimant"));
    }
}
