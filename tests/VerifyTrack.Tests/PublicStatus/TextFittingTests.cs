using VerifyTrack.Web.PublicStatus;

namespace VerifyTrack.Tests.PublicStatus;

public sealed class TextFittingTests
{
    private const string Statement = "Islamic State captured two Russian soldiers in Deir Ezzor, a video released by Amaq shows";

    [Fact]
    public void Shorten_TextThatFits_IsReturnedWhole()
    {
        Assert.Equal("Putin is dead", TextFitting.Shorten("  Putin   is dead ", 90));
    }

    [Theory]
    [InlineData(40, "Islamic State captured two Russian…")]
    [InlineData(60, "Islamic State captured two Russian soldiers in Deir Ezzor…")]
    [InlineData(57, "Islamic State captured two Russian soldiers in Deir…")]
    public void Shorten_CutsAtAWordBoundary_WithAnEllipsis_AndNoDanglingPunctuation(int max, string expected)
    {
        var shortened = TextFitting.Shorten(Statement, max);

        Assert.Equal(expected, shortened);
        Assert.True(shortened.Length <= max);
    }

    [Fact]
    public void Shorten_OneWordLongerThanTheRoom_IsCutBetweenCharacters_NeverInsideOne()
    {
        Assert.Equal("Donaudampf…", TextFitting.Shorten("Donaudampfschifffahrtsgesellschaft", 11));
        // "e" with a combining acute accent is one character on screen: it is kept or dropped whole.
        Assert.Equal("cafe\u0301…", TextFitting.Shorten("cafe\u0301e\u0301e\u0301", 7));
        Assert.Equal("caf…", TextFitting.Shorten("cafe\u0301e\u0301e\u0301", 5));
    }

    [Fact]
    public void Shorten_ToACharacterCount_CutsBetweenCharacters_RatherThanLoseMoreThanHalf()
    {
        var shortened = TextFitting.Shorten("see https://example.org/a-very-long-address", 30);

        Assert.Equal("see https://example.org/a-ver…", shortened);
    }

    [Fact]
    public void Wrap_FillsLinesGreedily_WithWholeWords()
    {
        var lines = TextFitting.Wrap(Statement, 5, line => line.Length <= 30);

        Assert.Equal(["Islamic State captured two", "Russian soldiers in Deir", "Ezzor, a video released by", "Amaq shows"], lines);
    }

    [Fact]
    public void Wrap_MoreTextThanLines_EndsTheLastLineWithAnEllipsisAtAWordBoundary()
    {
        var lines = TextFitting.Wrap(Statement, 2, line => line.Length <= 30);

        Assert.Equal(["Islamic State captured two", "Russian soldiers in Deir…"], lines);
        Assert.All(lines, line => Assert.True(line.Length <= 30));
    }

    [Fact]
    public void Wrap_LastLineFullToTheEdge_DropsItsLastWordToMakeRoomForTheEllipsis()
    {
        var lines = TextFitting.Wrap("aaaa bbbb cccc dddd", 1, line => line.Length <= 9);

        Assert.Equal(["aaaa…"], lines);
    }

    [Fact]
    public void Wrap_AWordWiderThanALine_IsBrokenAcrossLines()
    {
        var lines = TextFitting.Wrap("see https://example.org/a/very/long/path now", 4, line => line.Length <= 12);

        Assert.Equal(["see", "https://exam", "ple.org/a/ve", "ry/long/pat…"], lines);
    }

    [Fact]
    public void Wrap_EmptyText_IsNoLines()
    {
        Assert.Empty(TextFitting.Wrap("   ", 3, _ => true));
    }

    [Theory]
    [InlineData("Islamic State captured two Russian soldiers", false)]
    [InlineData("Минобороны России опровергает", false)]
    [InlineData("أسر مقاتلو الدولة الإسلامية جنديين روسيين", true)]
    [InlineData("שני חיילים רוסים נשבו", true)]
    [InlineData("«2017» أسر مقاتلو", true)]
    [InlineData("2017: ISIS says أسر", false)]
    [InlineData("2017 — …", false)]
    public void IsRightToLeft_FollowsTheFirstLetter(string text, bool expected)
    {
        Assert.Equal(expected, TextFitting.IsRightToLeft(text));
    }

    [Fact]
    public void Runs_ArabicWithANumberAndALatinName_SplitWhereTheDirectionChanges()
    {
        var runs = TextFitting.Runs("قال ISIS إنه أسر 2 جنديين", paragraphRightToLeft: true);

        Assert.Equal(
            [new DirectionRun("قال ", true), new DirectionRun("ISIS", false), new DirectionRun(" إنه أسر ", true), new DirectionRun("2", false), new DirectionRun(" جنديين", true)],
            runs);
    }

    [Fact]
    public void Runs_LatinWithAnArabicName_KeepsTheSpacesBetweenInTheParagraphDirection()
    {
        var runs = TextFitting.Runs("Claimed by وكالة أعماق today", paragraphRightToLeft: false);

        Assert.Equal([new DirectionRun("Claimed by ", false), new DirectionRun("وكالة أعماق", true), new DirectionRun(" today", false)], runs);
    }

    [Fact]
    public void Runs_MarksStayWithTheirLetter()
    {
        var runs = TextFitting.Runs("a مُ", paragraphRightToLeft: false);

        Assert.Equal([new DirectionRun("a ", false), new DirectionRun("مُ", true)], runs);
    }

    [Fact]
    public void Wrap_AHugeUnbrokenWord_IsBrokenOnlyAsFarAsTheLinesAllowed()
    {
        var measured = 0;
        var lines = TextFitting.Wrap(new string('x', 5000), 3, line => { measured++; return line.Length <= 40; });

        Assert.Equal(3, lines.Count);
        Assert.EndsWith("…", lines[^1], StringComparison.Ordinal);
        Assert.All(lines, line => Assert.True(line.Length <= 40, line));
        Assert.True(measured < 2_000, $"{measured} measurements for three lines");
    }
}
