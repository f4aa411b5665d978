using Bunit;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Components;

namespace VerifyTrack.Tests.Components;

public sealed class BadgeTests : BunitContext
{
    private static readonly DateTimeOffset Now = Samples.Now;

    [Theory]
    [InlineData(ClaimState.Unverified, "Unverified", "state-unverified")]
    [InlineData(ClaimState.Denied, "Denied", "state-denied")]
    [InlineData(ClaimState.Confirmed, "Confirmed", "state-confirmed")]
    public void StateBadge_ShowsTheStateInWordsNotOnlyColour(ClaimState state, string label, string cssClass)
    {
        var cut = Render<StateBadge>(p => p.Add(x => x.State, state));

        cut.MarkupMatches($"""<span class="badge {cssClass}">{label}</span>""");
        Assert.Equal(label, StateBadge.Label(state));
    }

    [Theory]
    [InlineData(Priority.Urgent, "Urgent", "priority-urgent")]
    [InlineData(Priority.High, "High", "priority-high")]
    [InlineData(Priority.Normal, "Normal", "priority-normal")]
    [InlineData(Priority.Low, "Low", "priority-low")]
    public void PriorityTag_ShowsThePriorityInWords(Priority priority, string label, string cssClass)
    {
        var cut = Render<PriorityTag>(p => p.Add(x => x.Priority, priority));

        cut.MarkupMatches($"""<span class="priority {cssClass}">{label}</span>""");
    }

    [Fact]
    public void ReviewDue_Overdue_SaysByHowMuchWithAMachineReadableTime()
    {
        var cut = Render<ReviewDue>(p => p.Add(x => x.DueAt, Now.AddHours(-26).AddMinutes(-5)).Add(x => x.Now, Now));

        cut.MarkupMatches("""
            <span class="due due-overdue"><strong>overdue</strong> by
              <time datetime="2017-10-04T09:55:00Z" title="4 Oct 2017, 09:55 UTC">1 d 2 h</time></span>
            """);
        Assert.Equal("overdue by 1 d 2 h", cut.Find("span").TextContent.Trim());
    }

    [Fact]
    public void ReviewDue_AtTheMomentItFallsDue_IsOverdue()
    {
        var cut = Render<ReviewDue>(p => p.Add(x => x.DueAt, Now).Add(x => x.Now, Now));

        Assert.Contains("due-overdue", cut.Find("span").ClassList);
        Assert.Equal("overdue by under a minute", cut.Find("span").TextContent.Trim());
    }

    [Theory]
    [InlineData(90, "due in 1 h 30 min")]
    [InlineData(45, "due in 45 min")]
    [InlineData(0.5, "due in under a minute")]
    [InlineData(4560, "due in 3 d 4 h")]
    public void ReviewDue_Upcoming_SaysWhenAndIsNotMarkedOverdue(double minutes, string text)
    {
        var due = Now.AddMinutes(minutes);
        var cut = Render<ReviewDue>(p => p.Add(x => x.DueAt, due).Add(x => x.Now, Now));

        var span = cut.Find("span");
        Assert.Equal(text, span.TextContent.Trim());
        Assert.Equal(["due"], span.ClassList);
        Assert.Empty(cut.FindAll("strong"));
        Assert.Equal(Durations.Iso(due), cut.Find("time").GetAttribute("datetime"));
    }

    [Fact]
    public void ReviewDue_NeverDue_SaysSoWithoutATime()
    {
        var cut = Render<ReviewDue>(p => p.Add(x => x.DueAt, null).Add(x => x.Now, Now));

        cut.MarkupMatches("""<span class="due due-none">no review due</span>""");
    }

    [Fact]
    public void HiddenAntiforgery_CarriesTheTokenEncodedUnderTheNameMvcReads()
    {
        var cut = Render<HiddenAntiforgery>(p => p.Add(x => x.Token, "CfDJ8\"><script>x</script>"));

        var input = cut.Find("input");
        Assert.Equal("hidden", input.GetAttribute("type"));
        Assert.Equal("__RequestVerificationToken", input.GetAttribute("name"));
        Assert.Equal("CfDJ8\"><script>x</script>", input.GetAttribute("value"));
        Assert.Empty(cut.FindAll("script"));
        Assert.Single(cut.FindAll("input"));
    }
}
