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
    [InlineData("Moscow \u202Edenies\u202C it", 1000)]
    [InlineData("\u2067Amaq\u2069", 300)]
    [InlineData("note with an override \u202D inside", TextRules.NoteMax)]
    public void Optional_RefusesBidiOverridesAndIsolates(string value, int max)
    {
        var errors = new FieldErrors();

        TextRules.Optional(errors, "field", value, max);

        Assert.Contains("bidirectional", Assert.Single(errors.ToDictionary()["field"]));
    }

    [Theory]
    [InlineData("\u0645\u0648\u0633\u0643\u0648 \u200F\u062A\u0646\u0641\u064A")]
    [InlineData("Москва отрицает")]
    [InlineData("family \U0001F468\u200D\U0001F469\u200D\U0001F467 emoji")]
    public void Optional_AcceptsOtherScriptsMarksAndJoiners(string value)
    {
        var errors = new FieldErrors();

        TextRules.Optional(errors, "field", value, 1000);

        Assert.True(errors.IsEmpty);
    }

    [Theory]
    [InlineData("\u200B\u200B\u200B")]
    [InlineData(" \u200C\u200D\u2060\uFEFF\u00AD ")]
    [InlineData("\u3000")]
    public void Required_TextOfOnlyInvisibleCharacters_IsRequired(string value)
    {
        var errors = new FieldErrors();

        TextRules.Required(errors, "statement", value, 1000);

        Assert.Equal("statement is required.", Assert.Single(errors.ToDictionary()["statement"]));
        Assert.Null(TextRules.Clean(value));
    }

    [Theory]
    [InlineData("https://exa\u200Bmple.org/a")]
    [InlineData("https://example.org/\u202Egpj.exe")]
    [InlineData("https://example.org/\u200Fpath")]
    [InlineData("https://\uFEFFexample.org/")]
    public void Url_WithAnyFormatCharacter_IsRefused(string url)
    {
        var errors = new FieldErrors();

        TextRules.OptionalUrl(errors, "url", url);

        Assert.False(TextRules.IsHttpUrl(url));
        Assert.Contains("invisible", Assert.Single(errors.ToDictionary()["url"]));
    }

    [Theory]
    [InlineData("ana@desk.example", true)]
    [InlineData("ana.lopez+desk@news-room.example.org", true)]
    [InlineData("ana@ドメイン.example", true)]
    [InlineData("victim@x.example, attacker@evil.example", false)]
    [InlineData("victim@x.example;attacker@evil.example", false)]
    [InlineData("Ana <ana@desk.example>", false)]
    [InlineData("\"ana\"@desk.example", false)]
    [InlineData("ana@desk", false)]
    [InlineData("ana@@desk.example", false)]
    [InlineData("ana@desk.example\r\nBcc: x@evil.example", false)]
    [InlineData("ana@-desk.example", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsPlainMailbox_AcceptsOneBareAddressOnly(string? value, bool expected)
    {
        Assert.Equal(expected, TextRules.IsPlainMailbox(value));
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
