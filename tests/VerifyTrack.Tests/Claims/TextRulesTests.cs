using VerifyTrack.Web.Claims;

namespace VerifyTrack.Tests.Claims;

public sealed class TextRulesTests
{
    [Theory]
    [InlineData("https://example.org/a?b=c", true)]
    [InlineData("http://example.org", true)]
    [InlineData("HTTPS://EXAMPLE.ORG/X", true)]
    [InlineData("ftp://example.org/file", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("data:text/html,hi", false)]
    [InlineData("example.org/no-scheme", false)]
    [InlineData("https://", false)]
    [InlineData("https://user:secret@example.org/doc", false)]
    public void IsHttpUrl_AcceptsOnlyAbsoluteHttpAndHttps(string url, bool expected)
    {
        Assert.Equal(expected, TextRules.IsHttpUrl(url));
    }

    [Fact]
    public void Required_ReportsEmptyAndOversizedText()
    {
        var errors = new FieldErrors();
        TextRules.Required(errors, "statement", "   ", 10);
        TextRules.Required(errors, "claimant", new string('x', 11), 10);
        TextRules.Required(errors, "summary", "fine", 10);

        var byField = errors.ToDictionary();
        Assert.Equal(["claimant", "statement"], byField.Keys.Order());
        Assert.Contains("at most 10", byField["claimant"][0]);
    }

    [Theory]
    [InlineData("one line", 1000, true)]
    [InlineData("two\nlines", 1000, false)]
    [InlineData("two\nlines\tand a tab", TextRules.NoteMax, true)]
    [InlineData("bell\u0007", TextRules.NoteMax, false)]
    [InlineData("nul\u0000", 300, false)]
    public void Optional_RefusesControlCharacters_AllowingLineBreaksOnlyInLongText(string value, int max, bool allowed)
    {
        var errors = new FieldErrors();

        TextRules.Optional(errors, "field", value, max);

        Assert.Equal(allowed, errors.IsEmpty);
    }

    [Theory]
    [InlineData("unverified", ClaimState.Unverified)]
    [InlineData("denied", ClaimState.Denied)]
    [InlineData("confirmed", ClaimState.Confirmed)]
    public void Wire_StatesRoundTrip(string name, ClaimState state)
    {
        Assert.True(Wire.TryParse(name, out ClaimState parsed));
        Assert.Equal(state, parsed);
        Assert.Equal(name, Wire.Name(state));
    }

    [Theory]
    [InlineData("Denied")]
    [InlineData("false")]
    [InlineData("")]
    [InlineData(null)]
    public void Wire_UnknownOrMiscasedState_IsNotParsed(string? name)
    {
        Assert.False(Wire.TryParse(name, out ClaimState _));
    }
}
