using VerifyTrack.Web.Claims;

namespace VerifyTrack.Tests.Claims;

public sealed class ReviewWindowsTests
{
    private static readonly DateTimeOffset Reviewed = new(2026, 3, 29, 0, 30, 0, TimeSpan.Zero);
    private readonly ReviewWindows _defaults = new(new ReviewWindowOptions());

    [Theory]
    [InlineData(ClaimState.Unverified, Priority.Urgent, 1.0)]
    [InlineData(ClaimState.Unverified, Priority.High, 4.0)]
    [InlineData(ClaimState.Unverified, Priority.Normal, 24.0)]
    [InlineData(ClaimState.Unverified, Priority.Low, 72.0)]
    [InlineData(ClaimState.Denied, Priority.Urgent, 168.0)]
    [InlineData(ClaimState.Denied, Priority.High, 168.0)]
    [InlineData(ClaimState.Denied, Priority.Normal, 168.0)]
    [InlineData(ClaimState.Denied, Priority.Low, 168.0)]
    public void DueAt_Defaults_AddTheWindowToTheLastReview(ClaimState state, Priority priority, double hours)
    {
        Assert.Equal(Reviewed.AddHours(hours), _defaults.DueAt(state, priority, Reviewed));
    }

    [Theory]
    [InlineData(Priority.Urgent)]
    [InlineData(Priority.High)]
    [InlineData(Priority.Normal)]
    [InlineData(Priority.Low)]
    public void DueAt_ConfirmedByDefault_IsNever(Priority priority)
    {
        Assert.Null(_defaults.DueAt(ClaimState.Confirmed, priority, Reviewed));
    }

    [Fact]
    public void DueAt_ConfiguredWindows_AreUsed()
    {
        var windows = new ReviewWindows(new ReviewWindowOptions
        {
            Unverified = new UnverifiedReviewWindows { Urgent = TimeSpan.FromMinutes(15), High = TimeSpan.FromHours(2), Normal = TimeSpan.FromHours(8), Low = TimeSpan.FromDays(5) },
            Denied = null,
            Confirmed = TimeSpan.FromDays(30),
        });

        Assert.Equal(Reviewed.AddMinutes(15), windows.DueAt(ClaimState.Unverified, Priority.Urgent, Reviewed));
        Assert.Equal(Reviewed.AddHours(2), windows.DueAt(ClaimState.Unverified, Priority.High, Reviewed));
        Assert.Equal(Reviewed.AddHours(8), windows.DueAt(ClaimState.Unverified, Priority.Normal, Reviewed));
        Assert.Equal(Reviewed.AddDays(5), windows.DueAt(ClaimState.Unverified, Priority.Low, Reviewed));
        Assert.Null(windows.DueAt(ClaimState.Denied, Priority.High, Reviewed));
        Assert.Equal(Reviewed.AddDays(30), windows.DueAt(ClaimState.Confirmed, Priority.Low, Reviewed));
    }

    [Fact]
    public void IsStale_IsTrueFromTheDueMomentOn()
    {
        var due = Reviewed.AddHours(1);

        Assert.False(ReviewWindows.IsStale(due, due.AddTicks(-TimeSpan.TicksPerMillisecond)));
        Assert.True(ReviewWindows.IsStale(due, due));
        Assert.True(ReviewWindows.IsStale(due, due.AddDays(3)));
        Assert.False(ReviewWindows.IsStale(null, due.AddYears(10)));
    }

    [Fact]
    public void Fingerprint_ChangesWhenAnyWindowChanges()
    {
        var other = new ReviewWindows(new ReviewWindowOptions { Unverified = new UnverifiedReviewWindows { Low = TimeSpan.FromHours(48) } });

        Assert.Equal(_defaults.Fingerprint(), new ReviewWindows(new ReviewWindowOptions()).Fingerprint());
        Assert.NotEqual(_defaults.Fingerprint(), other.Fingerprint());
    }

    [Fact]
    public void Validator_RejectsZeroAndNegativeWindows_NamingTheKey()
    {
        var options = new ReviewWindowOptions { Denied = TimeSpan.Zero, Unverified = new UnverifiedReviewWindows { High = TimeSpan.FromHours(-1) } };

        var result = new ReviewWindowOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("ReviewWindows:Denied", result.FailureMessage);
        Assert.Contains("ReviewWindows:Unverified:High", result.FailureMessage);
        Assert.True(new ReviewWindowOptionsValidator().Validate(null, new ReviewWindowOptions()).Succeeded);
    }

    [Fact]
    public void Validator_RejectsWindowsLongerThanAYear()
    {
        var tooLong = new ReviewWindowOptions { Denied = TimeSpan.FromDays(3_000_000) };
        var aYear = new ReviewWindowOptions { Denied = TimeSpan.FromDays(366), Confirmed = TimeSpan.FromDays(365) };

        Assert.Contains("ReviewWindows:Denied", new ReviewWindowOptionsValidator().Validate(null, tooLong).FailureMessage);
        Assert.True(new ReviewWindowOptionsValidator().Validate(null, aYear).Succeeded);
    }
}
