
namespace VerifyTrack.Tests.Components;

public sealed class DurationsTests
{
    [Theory]
    [InlineData(0.4, "under a minute")]
    [InlineData(1, "1 min")]
    [InlineData(59, "59 min")]
    [InlineData(60, "1 h")]
    [InlineData(125, "2 h 5 min")]
    [InlineData(1439, "23 h 59 min")]
    [InlineData(1440, "1 d")]
    [InlineData(4560, "3 d 4 h")]
    public void Compact_IsShortAndScannableEitherSideOfNow(double minutes, string expected)
    {
        Assert.Equal(expected, Durations.Compact(TimeSpan.FromMinutes(minutes)));
        Assert.Equal(expected, Durations.Compact(TimeSpan.FromMinutes(-minutes)));
    }

    [Fact]
    public void IsoAndReadable_AreUtcWhateverTheOffset()
    {
        var at = new DateTimeOffset(2017, 10, 5, 23, 30, 0, TimeSpan.FromHours(13.75));

        Assert.Equal("2017-10-05T09:45:00Z", Durations.Iso(at));
        Assert.Equal("5 Oct 2017, 09:45 UTC", Durations.Readable(at));
    }
}
