using Bunit;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Components;
using VerifyTrack.Web.Desks;
using VerifyTrack.Web.Queue;

namespace VerifyTrack.Tests.Components;

public sealed class FilterBarTests : BunitContext
{
    private static readonly DeskRow[] Desks =
    [
        new() { Slug = "world", Name = "World" },
        new() { Slug = "security", Name = "Security & <Defence>" },
    ];

    private static readonly Dictionary<ClaimState, long> Counts = new()
    {
        [ClaimState.Unverified] = 3,
        [ClaimState.Denied] = 2,
        [ClaimState.Confirmed] = 0,
    };

    [Fact]
    public void EveryFilterValue_IsKeptInTheForm()
    {
        var cut = RenderBar(new QueueQuery(
            State: "denied", Desk: ["security"], Priority: "urgent", Assignee: "unassigned", Stale: "true", Published: "false",
            Q: "amaq \"video\" <b>", After: "123.4"));

        Assert.Equal("amaq \"video\" <b>", cut.Find("#filter-q").GetAttribute("value"));
        Assert.Equal("denied", Selected(cut, "#filter-state"));
        Assert.Equal("security", Selected(cut, "#filter-desk"));
        Assert.Equal("urgent", Selected(cut, "#filter-priority"));
        Assert.Equal("unassigned", Selected(cut, "#filter-assignee"));
        Assert.Equal("false", Selected(cut, "#filter-published"));
        Assert.True(cut.Find("#filter-stale").HasAttribute("checked"));
        Assert.Empty(cut.FindAll("b"));
    }

    [Fact]
    public void NoFilter_SelectsAnyEverywhereAndLeavesStaleUnchecked()
    {
        var cut = RenderBar(new QueueQuery());

        Assert.Equal("", cut.Find("#filter-q").GetAttribute("value") ?? "");
        Assert.Empty(cut.FindAll("#filter-state option[selected], #filter-desk option[selected], #filter-priority option[selected], #filter-published option[selected]"));
        Assert.Equal("", Selected(cut, "#filter-assignee"));
        Assert.Equal("anyone", cut.Find("#filter-assignee option[selected]").TextContent);
        Assert.False(cut.Find("#filter-stale").HasAttribute("checked"));
        Assert.Equal("page", cut.Find(".state-counts a").GetAttribute("aria-current"));
    }

    [Fact]
    public void Form_GetsTheQueueWithEveryFieldLabelled()
    {
        var cut = RenderBar(new QueueQuery());

        var form = cut.Find("form[role=search]");
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("/queue", form.GetAttribute("action"));
        Assert.Equal(
            ["q", "state", "desk", "priority", "assignee", "published", "stale"],
            form.QuerySelectorAll("input[name], select[name]").Select(e => e.GetAttribute("name")));
        Assert.All(form.QuerySelectorAll("input, select"), field => Assert.NotNull(cut.Find($"label[for='{field.Id}']")));
        Assert.Equal("/queue", cut.Find("a.reset").GetAttribute("href"));
    }

    [Fact]
    public void Options_ListEveryStatePriorityAndDeskByName()
    {
        var cut = RenderBar(new QueueQuery());

        Assert.Equal(["", "unverified", "denied", "confirmed"], cut.FindAll("#filter-state option").Select(o => o.GetAttribute("value")));
        Assert.Equal(["", "urgent", "high", "normal", "low"], cut.FindAll("#filter-priority option").Select(o => o.GetAttribute("value")));
        Assert.Equal(["any", "World", "Security & <Defence>"], cut.FindAll("#filter-desk option").Select(o => o.TextContent));
        Assert.Equal(["", "me", "unassigned"], cut.FindAll("#filter-assignee option").Select(o => o.GetAttribute("value")));
    }

    [Fact]
    public void CountLinks_ShowCountsMarkTheCurrentStateAndKeepTheOtherFiltersButNotThePage()
    {
        var cut = RenderBar(new QueueQuery(State: "denied", Desk: ["security"], Stale: "true", Q: "amaq \"video\"", After: "123.4"));

        var links = cut.FindAll(".state-counts a");
        Assert.Equal(4, links.Count);
        Assert.Equal("all 5", Words(links[0].TextContent));
        Assert.Equal(["Unverified 3", "Denied 2", "Confirmed 0"], links.Skip(1).Select(l => Words(l.TextContent)));
        Assert.Equal([null, null, "page", null], links.Select(l => l.GetAttribute("aria-current")));
        Assert.Equal("/queue?desk=security&stale=true&q=amaq%20%22video%22", links[0].GetAttribute("href"));
        Assert.Equal("/queue?state=confirmed&desk=security&stale=true&q=amaq%20%22video%22", links[3].GetAttribute("href"));
    }

    [Fact]
    public void CountLinks_WhenTooManyMatchedToCount_SayMoreThanTheLimitAndShowNoPerStateCounts()
    {
        var cut = Render<FilterBar>(p => p
            .Add(x => x.Query, new QueueQuery(Q: "russia"))
            .Add(x => x.Desks, Desks)
            .Add(x => x.Counts, null));

        var links = cut.FindAll(".state-counts a");
        Assert.Equal("all more than 1,000", Words(links[0].TextContent));
        Assert.Single(cut.FindAll(".state-counts .count"));
        Assert.Equal(["Unverified", "Denied", "Confirmed"], links.Skip(1).Select(l => Words(l.TextContent)));
    }

    private IRenderedComponent<FilterBar> RenderBar(QueueQuery query) =>
        Render<FilterBar>(p => p
            .Add(x => x.Query, query)
            .Add(x => x.Desks, Desks)
            .Add(x => x.Counts, Counts));

    private static string? Selected(IRenderedComponent<FilterBar> cut, string select) =>
        cut.Find($"{select} option[selected]").GetAttribute("value");

    private static string Words(string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
