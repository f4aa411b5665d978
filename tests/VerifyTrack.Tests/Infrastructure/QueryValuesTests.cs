using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Infrastructure.Web;

namespace VerifyTrack.Tests.Infrastructure;

public sealed class QueryValuesTests
{
    private readonly FieldErrors _errors = new();

    private IDictionary<string, string[]> Errors => _errors.ToDictionary();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public void EveryReader_MissingOrBlank_ReadsAsMissingWithoutAnError(string? value)
    {
        Assert.Null(QueryValues.State(value, _errors));
        Assert.Null(QueryValues.Priority(value, _errors));
        Assert.Null(QueryValues.OneOf(value, "assignee", "assignee", ["me"], _errors));
        Assert.Null(QueryValues.Flag(value, "stale", _errors));
        Assert.Equal(7, QueryValues.Number(value, "page", 7, 10, _errors));
        Assert.Null(QueryValues.Id(value, "claim", "claim number", _errors));
        Assert.Null(QueryValues.Day(value, "from", _errors));
        Assert.Null(QueryValues.Time(value, "since", _errors));
        Assert.Null(QueryValues.Text(value, "q", 10, _errors));
        Assert.Null(QueryValues.PageLink(value, "after", QueueCursor.Decode, _errors));
        Assert.Null(QueryValues.PageLink(value, "before", _errors));
        Assert.True(_errors.IsEmpty);
    }

    [Theory]
    [InlineData("unverified", ClaimState.Unverified)]
    [InlineData("denied", ClaimState.Denied)]
    [InlineData(" confirmed ", ClaimState.Confirmed)]
    public void State_KnownName_IsRead(string value, ClaimState expected)
    {
        Assert.Equal(expected, QueryValues.State(value, _errors));
        Assert.True(_errors.IsEmpty);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("Denied")]
    [InlineData("0")]
    [InlineData("false positive")]
    public void State_UnknownName_IsAnErrorListingTheChoices(string value)
    {
        Assert.Null(QueryValues.State(value, _errors));

        Assert.Equal([$"There is no state '{value}': choose unverified, denied or confirmed."], Errors["state"]);
    }

    [Theory]
    [InlineData("urgent", Priority.Urgent)]
    [InlineData("high", Priority.High)]
    [InlineData("normal", Priority.Normal)]
    [InlineData("low ", Priority.Low)]
    public void Priority_KnownName_IsRead(string value, Priority expected)
    {
        Assert.Equal(expected, QueryValues.Priority(value, _errors));
        Assert.True(_errors.IsEmpty);
    }

    [Fact]
    public void Priority_UnknownName_IsAnErrorListingTheChoices()
    {
        Assert.Null(QueryValues.Priority("critical", _errors));

        Assert.Equal(["There is no priority 'critical': choose urgent, high, normal or low."], Errors["priority"]);
    }

    [Fact]
    public void OneOf_IsExactAndNamesWhatItIs()
    {
        string[] choices = ["anyone", "me", "unassigned"];

        Assert.Equal("me", QueryValues.OneOf(" me ", "assignee", "assignee", choices, _errors));
        Assert.Null(QueryValues.OneOf("Me", "assignee", "assignee", choices, _errors));
        Assert.Null(QueryValues.OneOf("claim.deleted", "kind", "event kind", ["claim.created"], _errors));

        Assert.Equal(["There is no assignee 'Me': choose anyone, me or unassigned."], Errors["assignee"]);
        Assert.Equal(["There is no event kind 'claim.deleted': choose claim.created."], Errors["kind"]);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("True", true)]
    [InlineData(" FALSE ", false)]
    public void Flag_TrueOrFalse_IsRead(string value, bool expected)
    {
        Assert.Equal(expected, QueryValues.Flag(value, "stale", _errors));
        Assert.True(_errors.IsEmpty);
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("1")]
    [InlineData("yes")]
    [InlineData("on")]
    public void Flag_AnythingElse_IsAnError(string value)
    {
        Assert.Null(QueryValues.Flag(value, "published", _errors));

        Assert.Equal(["published must be true or false."], Errors["published"]);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("100000", 100_000)]
    [InlineData(" 42 ", 42)]
    [InlineData("007", 7)]
    public void Number_InRange_IsRead(string value, int expected)
    {
        Assert.Equal(expected, QueryValues.Number(value, "page", 3, 100_000, _errors));
        Assert.True(_errors.IsEmpty);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("+2")]
    [InlineData("100001")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("two")]
    [InlineData("99999999999999999999")]
    [InlineData("١٢")]
    public void Number_OutOfRangeOrNotAWholeNumber_IsAnErrorAndReadsAsTheFallback(string value)
    {
        Assert.Equal(3, QueryValues.Number(value, "page", 3, 100_000, _errors));

        Assert.Equal(["page must be a whole number from 1 to 100000."], Errors["page"]);
    }

    [Theory]
    [InlineData("42", 42L)]
    [InlineData("#42", 42L)]
    [InlineData(" #7 ", 7L)]
    public void Id_WithOrWithoutHash_IsRead(string value, long expected)
    {
        Assert.Equal(expected, QueryValues.Id(value, "claim", "claim number", _errors));
        Assert.True(_errors.IsEmpty);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("#")]
    [InlineData("0")]
    [InlineData("-4")]
    [InlineData("##4")]
    [InlineData("4 5")]
    public void Id_AnythingElse_IsAnErrorNamingWhatItShouldBe(string value)
    {
        Assert.Null(QueryValues.Id(value, "claim", "claim number", _errors));

        Assert.Equal([$"'{value.Trim()}' is not a claim number."], Errors["claim"]);
    }

    [Fact]
    public void Day_IsTheFirstMomentOfThatUtcDay()
    {
        Assert.Equal(new DateTimeOffset(2017, 10, 5, 0, 0, 0, TimeSpan.Zero), QueryValues.Day(" 2017-10-05 ", "from", _errors));
        Assert.True(_errors.IsEmpty);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("05/10/2017")]
    [InlineData("2017-10-05T09:00:00Z")]
    [InlineData("2017-02-30")]
    public void Day_AnythingButADate_IsAnError(string value)
    {
        Assert.Null(QueryValues.Day(value, "to", _errors));

        Assert.Equal([$"'{value}' is not a date: use the form 2017-10-05."], Errors["to"]);
    }

    [Theory]
    [InlineData("2017-10-05T09:00:00Z", "2017-10-05T09:00:00.0000000+00:00")]
    [InlineData("2017-10-05T09:00:00.1234567Z", "2017-10-05T09:00:00.1234567+00:00")]
    [InlineData("2017-10-05T12:00:00+03:00", "2017-10-05T09:00:00.0000000+00:00")]
    [InlineData("2017-10-05T09:00:00", "2017-10-05T09:00:00.0000000+00:00")]
    public void Time_IsReadAsUtcAndAnUnmarkedTimeIsUtc(string value, string expected)
    {
        Assert.Equal(expected, QueryValues.Time(value, "since", _errors)!.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(_errors.IsEmpty);
    }

    [Fact]
    public void Time_NotATime_IsAnError()
    {
        Assert.Null(QueryValues.Time("yesterday", "since", _errors));

        Assert.Equal(["'yesterday' is not a time: use ISO-8601, such as 2017-10-05T09:00:00Z."], Errors["since"]);
    }

    [Theory]
    [InlineData("amaq", "amaq")]
    [InlineData("  deir ezzor  ", "deir ezzor")]
    [InlineData("داعش", "داعش")]
    [InlineData("abcdefghij", "abcdefghij")]
    public void Text_IsTrimmed(string value, string expected)
    {
        Assert.Equal(expected, QueryValues.Text(value, "q", 10, _errors));
        Assert.True(_errors.IsEmpty);
    }

    [Fact]
    public void Text_TooLong_IsAnErrorWithTheLimit()
    {
        Assert.Null(QueryValues.Text("abcdefghijk", "q", 10, _errors));

        Assert.Equal(["q must be at most 10 characters (got 11)."], Errors["q"]);
    }

    [Theory]
    [InlineData("line\u0001break")]
    [InlineData("a\nb")]
    [InlineData("a\u007fb")]
    public void Text_WithControlCharacters_IsAnError(string value)
    {
        Assert.Null(QueryValues.Text(value, "text", 100, _errors));

        Assert.Equal(["text must be a single line without control characters."], Errors["text"]);
    }

    [Fact]
    public void PageLink_TheAppsOwnLink_IsReadAndAnyOtherIsBroken()
    {
        var cursor = new QueueCursor(new DateTimeOffset(2017, 10, 5, 9, 0, 0, TimeSpan.Zero), 42);

        Assert.Equal(cursor, QueryValues.PageLink(cursor.Encode(), "after", QueueCursor.Decode, _errors));
        Assert.Equal(99L, QueryValues.PageLink("99", "before", _errors));
        Assert.True(_errors.IsEmpty);

        Assert.Null(QueryValues.PageLink("garbage", "after", QueueCursor.Decode, _errors));
        Assert.Null(QueryValues.PageLink("-5", "before", _errors));
        Assert.Equal([QueryValues.BrokenPageLink], Errors["after"]);
        Assert.Equal([QueryValues.BrokenPageLink], Errors["before"]);
    }

    [Fact]
    public void ABadValue_IsEchoedCutShort()
    {
        var value = new string('x', 500);

        QueryValues.State(value, _errors);

        var message = Assert.Single(Errors["state"]);
        Assert.Contains($"'{new string('x', 60)}…'", message);
        Assert.True(message.Length < 150);
    }

    [Fact]
    public void SeveralBadValues_AreEachReportedUnderTheirOwnField()
    {
        QueryValues.State("bogus", _errors);
        QueryValues.Flag("maybe", "stale", _errors);
        QueryValues.Number("0", "pageSize", 50, 200, _errors);

        Assert.Equal(["pageSize", "stale", "state"], Errors.Keys.Order(StringComparer.Ordinal));
    }
}
