using Bunit;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Components;
using VerifyTrack.Web.Desks;
using static VerifyTrack.Tests.Components.Samples;

namespace VerifyTrack.Tests.Components;

public sealed class BulkComponentsTests : BunitContext
{
    [Fact]
    public void QueueTable_WithABulkForm_PutsALabelledTickBoxAndTheRowsVersionInThatForm()
    {
        var cut = RenderTable(selectAll: false);

        Assert.Equal("Tick for a bulk change", cut.Find("thead th").TextContent);
        var box = cut.Find("#select-7");
        Assert.Equal(("checkbox", "bulk", "Bulk.Ids", "7"), (box.GetAttribute("type"), box.GetAttribute("form"), box.GetAttribute("name"), box.GetAttribute("value")));
        Assert.False(box.HasAttribute("checked"));
        Assert.Equal("Tick claim 7: ISIS says it captured two Russian soldiers", cut.Find("label[for=select-7]").TextContent);
        var version = cut.Find("input[type=hidden][name='Bulk.Versions[7]']");
        Assert.Equal(("bulk", "4"), (version.GetAttribute("form"), version.GetAttribute("value")));
    }

    [Fact]
    public void QueueTable_SelectAll_TicksEveryRow()
    {
        var cut = RenderTable(selectAll: true);

        Assert.All(cut.FindAll("td.select input[type=checkbox]"), box => Assert.True(box.HasAttribute("checked")));
        Assert.Equal(2, cut.FindAll("td.select input[type=checkbox]").Count);
    }

    [Fact]
    public void QueueTable_RowOfADeskTheViewerIsNotOn_HasNoTickBox()
    {
        var cut = Render<QueueTable>(p => p
            .Add(x => x.Claims, [Row(id: 7)])
            .Add(x => x.Now, Now)
            .Add(x => x.AntiforgeryToken, "t")
            .Add(x => x.BulkForm, "bulk")
            .Add(x => x.Actor, new ClaimActor(Roles.Editor, new HashSet<long> { 99 })));

        Assert.Single(cut.FindAll("td.select"));
        Assert.Empty(cut.FindAll("td.select input"));
    }

    [Fact]
    public void BulkActionsForm_OffersEachActionWithItsLabelledChoice_AndPostsToTheBulkRoute()
    {
        var cut = RenderForm(allSelected: false);

        var form = cut.Find("form#bulk");
        Assert.Equal(("post", "/queue/bulk"), (form.GetAttribute("method"), form.GetAttribute("action")));
        Assert.Equal("token-123", cut.Find("input[name=__RequestVerificationToken]").GetAttribute("value"));
        Assert.Equal("/queue?desk=world", cut.Find("input[name='Bulk.ReturnUrl']").GetAttribute("value"));
        Assert.Equal(["assign", "move", "priority", "review"], cut.FindAll("input[name='Bulk.Action']").Select(r => r.GetAttribute("value")));
        Assert.True(cut.Find("#bulk-action-assign").HasAttribute("checked"));
        Assert.Equal(["me", "", "rania@desk.example"], cut.FindAll("#bulk-assignee option").Select(o => o.GetAttribute("value")));
        Assert.Equal(["me", "nobody (unassigned)", "Rania"], cut.FindAll("#bulk-assignee option").Select(o => o.TextContent));
        Assert.Equal(["world"], cut.FindAll("#bulk-desk option").Select(o => o.GetAttribute("value")));
        Assert.Equal(Wire.Priorities, cut.FindAll("#bulk-priority option").Select(o => o.GetAttribute("value")));
        Assert.Equal(TextRules.NoteMax.ToString(System.Globalization.CultureInfo.InvariantCulture), cut.Find("#bulk-note").GetAttribute("maxlength"));
        foreach (var id in new[] { "bulk-action-assign", "bulk-assignee", "bulk-action-move", "bulk-desk", "bulk-action-priority", "bulk-priority", "bulk-action-review", "bulk-note" })
        {
            Assert.Single(cut.FindAll($"label[for={id}]"));
        }

        Assert.Equal("/queue?desk=world&select=all", cut.Find(".bulk-buttons a").GetAttribute("href"));
        Assert.Equal("Tick all on this page", cut.Find(".bulk-buttons a").TextContent);
    }

    [Fact]
    public void BulkActionsForm_AllTicked_OffersToUntickAll()
    {
        var link = RenderForm(allSelected: true).Find(".bulk-buttons a");

        Assert.Equal(("Untick all", "/queue?desk=world"), (link.TextContent, link.GetAttribute("href")));
    }

    [Fact]
    public void BulkResults_ListChangedThenEachKindOfSkipWithItsReason_AndLeadBack()
    {
        var cut = Render<BulkResults>(p => p
            .Add(x => x.Results,
            [
                new BulkClaimResult(1, BulkOutcome.Changed, "First <b>claim</b>", 3, null),
                new BulkClaimResult(2, BulkOutcome.Conflict, "Second", 5, "Someone else changed it meanwhile."),
                new BulkClaimResult(3, BulkOutcome.Forbidden, "Third", null, "Only editors of the claim's desk may."),
                new BulkClaimResult(4, BulkOutcome.NotFound, null, null, "There is no claim 4."),
                new BulkClaimResult(5, BulkOutcome.Unchanged, "Fifth", 2, "It was already so."),
                new BulkClaimResult(6, BulkOutcome.Changed, "Sixth", 2, null),
            ])
            .Add(x => x.Back, "/queue?q=a%26b"));

        Assert.Equal("2 claims changed, 3 skipped", cut.Find("h1").TextContent);
        Assert.Equal(
            ["Changed (2)", "Skipped: someone else changed them meanwhile (1)", "Skipped: not allowed (1)", "Skipped: no such claim (1)", "Already so: nothing to change (1)"],
            cut.FindAll("h2").Select(h => h.TextContent));
        Assert.Equal(["/claims/1", "/claims/6"], cut.FindAll(".bulk-changed a").Select(a => a.GetAttribute("href")));
        Assert.Equal("#1 First <b>claim</b>", cut.Find(".bulk-changed a").TextContent);
        Assert.Contains("Someone else changed it meanwhile.", cut.Find(".bulk-conflict li").TextContent);
        Assert.Contains("Only editors", cut.Find(".bulk-forbidden li").TextContent);
        Assert.Empty(cut.FindAll(".bulk-notfound a"));
        Assert.Equal("/queue?q=a%26b", cut.FindAll("a")[^1].GetAttribute("href"));
    }

    private IRenderedComponent<QueueTable> RenderTable(bool selectAll) =>
        Render<QueueTable>(p => p
            .Add(x => x.Claims, [Row(id: 7), Row(id: 8)])
            .Add(x => x.Now, Now)
            .Add(x => x.AntiforgeryToken, "t")
            .Add(x => x.BulkForm, "bulk")
            .Add(x => x.SelectAll, selectAll));

    private IRenderedComponent<BulkActionsForm> RenderForm(bool allSelected) =>
        Render<BulkActionsForm>(p => p
            .Add(x => x.FormId, "bulk")
            .Add(x => x.AntiforgeryToken, "token-123")
            .Add(x => x.ReturnUrl, "/queue?desk=world")
            .Add(x => x.SelectAllUrl, "/queue?desk=world&select=all")
            .Add(x => x.ClearSelectionUrl, "/queue?desk=world")
            .Add(x => x.AllSelected, allSelected)
            .Add(x => x.Users, [new UserChoice { Id = 8, Email = "rania@desk.example", DisplayName = "Rania" }])
            .Add(x => x.Desks, [new DeskRow { Id = 1, Slug = "world", Name = "World" }]));
}
