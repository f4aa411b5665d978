using VerifyTrack.Web.Claims;
using VerifyTrack.Web.PublicStatus;

namespace VerifyTrack.Tests.PublicStatus;

public sealed class PublicDescriptionsTests
{
    [Theory]
    [InlineData(ClaimState.Denied, "Ministry of Defence", null, "Denied by Ministry of Defence.")]
    [InlineData(ClaimState.Denied, "Ministry of Defence", "It says all its servicemen are safe.", "Denied by Ministry of Defence. It says all its servicemen are safe.")]
    [InlineData(ClaimState.Denied, null, null, "Denied: a named party has denied it.")]
    [InlineData(ClaimState.Denied, "  ", "Denied on state television.", "Denied: a named party has denied it. Denied on state television.")]
    [InlineData(ClaimState.Unverified, null, null, "Unverified: not yet independently confirmed, and not denied.")]
    [InlineData(ClaimState.Unverified, null, "New footage emerged.", "Unverified: not yet independently confirmed, and not denied. New footage emerged.")]
    [InlineData(ClaimState.Confirmed, null, "  ", "Confirmed: our desk confirmed it independently.")]
    [InlineData(ClaimState.Confirmed, null, "Two witnesses.", "Confirmed: our desk confirmed it independently. Two witnesses.")]
    public void ForClaim_StateThenPublicNote(ClaimState state, string? deniedBy, string? publicNote, string expected)
    {
        Assert.Equal(expected, PublicDescriptions.ForClaim(new PublicClaim { State = state, DeniedBy = deniedBy, PublicNote = publicNote }));
    }

    [Fact]
    public void ForClaim_MultilineNote_IsOneLine()
    {
        var description = PublicDescriptions.ForClaim(new PublicClaim { State = ClaimState.Unverified, PublicNote = "First line.\r\n\r\n\tSecond  line. " });

        Assert.Equal("Unverified: not yet independently confirmed, and not denied. First line. Second line.", description);
    }

    [Fact]
    public void ForClaim_LongNote_IsCutAtAWordWithinTheLimit()
    {
        var note = string.Concat(Enumerable.Repeat("checked ", 100));

        var description = PublicDescriptions.ForClaim(new PublicClaim { State = ClaimState.Confirmed, PublicNote = note });

        Assert.True(description.Length <= PublicDescriptions.MaxLength, $"{description.Length} characters");
        Assert.EndsWith(" checked…", description, StringComparison.Ordinal);
    }

    [Fact]
    public void ForClaim_LongWordWithoutSpaces_IsCutAtTheLimit()
    {
        var description = PublicDescriptions.ForClaim(new PublicClaim { State = ClaimState.Denied, DeniedBy = new string('x', 500) });

        Assert.Equal(PublicDescriptions.MaxLength, description.Length);
        Assert.EndsWith("x…", description, StringComparison.Ordinal);
    }

    [Fact]
    public void ForList_Unset_NamesTheOrganisation()
    {
        var description = PublicDescriptions.ForList(new PublicStatusOptions { OrganizationName = "The Foreign Desk" });

        Assert.Equal("Where each claim we track stands: unverified, denied or confirmed, by The Foreign Desk.", description);
    }

    [Fact]
    public void ForList_Set_IsTheConfiguredLine()
    {
        Assert.Equal("Our checks.", PublicDescriptions.ForList(new PublicStatusOptions { Description = " Our checks. " }));
    }

    [Theory]
    [InlineData(null, null, 1, "/status")]
    [InlineData(null, null, 3, "/status?page=3")]
    [InlineData(null, "", 2, "/status?page=2")]
    [InlineData("denied", null, 1, "/status")]
    [InlineData("denied", null, 2, "/status")]
    [InlineData(null, "deir ezzor", 2, "/status")]
    public void CanonicalPath_KeepsThePageOfTheUnfilteredListOnly(string? state, string? q, int page, string expected)
    {
        Assert.Equal(expected, new StatusQuery(state, q).CanonicalPath(page));
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("https://status.example.org", "https://status.example.org/status?page=2")]
    [InlineData("https://status.example.org/", "https://status.example.org/status?page=2")]
    public void CanonicalUrl_OnlyWithAPublicBaseUrl(string baseUrl, string? expected)
    {
        Assert.Equal(expected, PublicHttp.CanonicalUrl(new PublicStatusOptions { PublicBaseUrl = baseUrl }, "/status?page=2"));
    }
}
