using Bunit;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Components;
using static VerifyTrack.Tests.Components.Samples;

namespace VerifyTrack.Tests.Components;

public sealed class QueueTableTests : BunitContext
{
    [Fact]
    public void Empty_SaysNothingMatchesUnderTheHeadings()
    {
        var cut = RenderTable([]);

        Assert.Empty(cut.FindAll("tbody tr"));
        Assert.Equal("No claims match these filters.", cut.Find("p.empty").TextContent);
        Assert.Equal(
            ["State", "Priority", "Statement and claimant", "Desk", "Assignee", "Age", "Review", "Status page", "Actions"],
            cut.FindAll("thead th").Select(th => th.TextContent));
    }

    [Fact]
    public void Rows_KeepTheStoreOrderAndLeaveOutTheEmptyMessage()
    {
        var cut = RenderTable([Row(id: 9, statement: "Ninth"), Row(id: 3, statement: "Third"), Row(id: 5, statement: "Fifth")]);

        Assert.Equal(["/claims/9", "/claims/3", "/claims/5"], cut.FindAll("td.statement a").Select(a => a.GetAttribute("href")));
        Assert.Equal(["Ninth", "Third", "Fifth"], cut.FindAll("td.statement a").Select(a => a.TextContent));
        Assert.Empty(cut.FindAll("p.empty"));
    }

    [Fact]
    public void Row_EncodesAttackerTextKeepsLongStatementsWholeAndMarksTextDirection()
    {
        var statement = string.Concat(Enumerable.Repeat("Very long statement quoted from the wild ", 25)) + "<script>alert(1)</script>";
        var cut = RenderTable([Row(statement: statement, claimant: "داعش / أعماق <img src=x onerror=alert(1)>")]);

        var link = cut.Find("td.statement a");
        Assert.Equal(statement, link.TextContent);
        Assert.Equal("auto", link.GetAttribute("dir"));
        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("img"));
        var claimant = cut.Find(".claimant");
        Assert.Equal("auto", claimant.GetAttribute("dir"));
        Assert.Equal("داعش / أعماق <img src=x onerror=alert(1)>", claimant.TextContent);
    }

    [Fact]
    public void Row_ShowsStatePriorityDeskAgeAndWhetherItIsPublished()
    {
        var cut = RenderTable([Row(state: ClaimState.Denied, priority: Priority.Urgent, isPublished: true)]);

        var cells = cut.FindAll("tbody td");
        Assert.Equal(ClaimState.Denied, cut.FindComponent<StateBadge>().Instance.State);
        Assert.Equal("Denied", cells[0].TextContent.Trim());
        Assert.Equal("Urgent", cells[1].TextContent.Trim());
        Assert.Equal("World", cells[3].TextContent);
        var age = cells[5].QuerySelector("time")!;
        Assert.Equal("3 h", age.TextContent);
        Assert.Equal("2017-10-05T09:00:00Z", age.GetAttribute("datetime"));
        Assert.Equal("published", cells[7].TextContent);
        Assert.Equal("internal", RenderTable([Row(isPublished: false)]).FindAll("tbody td")[7].TextContent);
    }

    [Fact]
    public void Row_WithoutAssigneeOrReviewDue_ShowsUnassignedAndOffersNoReview()
    {
        var cut = RenderTable([Row(state: ClaimState.Confirmed, reviewDueAt: null)]);

        Assert.Equal("unassigned", cut.Find("tbody td .muted").TextContent);
        Assert.Empty(cut.FindAll("form.quick-review"));
        Assert.Single(cut.FindAll("form[action='/claims/7/assign-to-me']"));
        Assert.Equal("no review due", cut.Find(".due").TextContent);
        Assert.Null(cut.Find("tbody tr").GetAttribute("class"));
    }

    [Fact]
    public void Row_AssignedToMe_OffersNoAssignButtonAndItsReviewCarriesVersionTokenAndReturnUrl()
    {
        var cut = RenderTable([Row(assigneeId: 3, assigneeName: "Eddie <Editor>")], currentUserId: 3);

        Assert.Empty(cut.FindAll("form[action='/claims/7/assign-to-me']"));
        var review = cut.Find("form.quick-review");
        Assert.Equal("/claims/7/quick-review", review.GetAttribute("action"));
        Assert.Equal("post", review.GetAttribute("method"));
        Assert.Equal("4", review.QuerySelector("input[name=version]")!.GetAttribute("value"));
        Assert.Equal("token-123", review.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value"));
        Assert.Equal("/queue?stale=true&q=a%26b", review.QuerySelector("input[name=returnUrl]")!.GetAttribute("value"));
        Assert.Equal("review-note-7", review.QuerySelector("label")!.GetAttribute("for"));
        Assert.Equal("Review note for claim 7", review.QuerySelector("label")!.TextContent);
        var note = review.QuerySelector("#review-note-7")!;
        Assert.Equal("note", note.GetAttribute("name"));
        Assert.True(note.HasAttribute("required"));
        Assert.Equal(TextRules.NoteMax.ToString(System.Globalization.CultureInfo.InvariantCulture), note.GetAttribute("maxlength"));
        Assert.Equal("Eddie <Editor>", cut.FindAll("tbody td")[4].TextContent.Trim());
    }

    [Fact]
    public void Row_AssignedToSomeoneElse_NamesThemAndOffersToTakeIt()
    {
        var cut = RenderTable([Row(assigneeId: 8, assigneeName: "Rania")], currentUserId: 3);

        Assert.Equal("Rania", cut.FindAll("tbody td")[4].TextContent.Trim());
        var assign = cut.Find("form[action='/claims/7/assign-to-me']");
        Assert.Equal("Assign to me", assign.QuerySelector("button")!.TextContent);
        Assert.Equal("token-123", assign.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value"));
        Assert.Equal("4", assign.QuerySelector("input[name=version]")!.GetAttribute("value"));
    }

    [Fact]
    public void Row_PastItsReviewTime_IsMarkedStaleAndOverdue()
    {
        var cut = RenderTable([Row(reviewDueAt: Now.AddMinutes(-90))]);

        Assert.Equal("row-stale", cut.Find("tbody tr").GetAttribute("class"));
        Assert.Equal("overdue by 1 h 30 min", cut.Find(".due-overdue").TextContent);
    }

    [Fact]
    public void Row_NotYetDue_IsNotMarkedStale()
    {
        var cut = RenderTable([Row(reviewDueAt: Now.AddMinutes(1))]);

        Assert.Null(cut.Find("tbody tr").GetAttribute("class"));
        Assert.Empty(cut.FindAll(".due-overdue"));
        Assert.Equal("due in 1 min", cut.Find(".due").TextContent);
    }

    [Fact]
    public void ReturnUrl_DefaultsToTheQueue()
    {
        var cut = Render<ClaimRowView>(p => p
            .Add(x => x.Claim, Row())
            .Add(x => x.Now, Now)
            .Add(x => x.CurrentUserId, 1)
            .Add(x => x.AntiforgeryToken, "t"));

        Assert.All(cut.FindAll("input[name=returnUrl]"), input => Assert.Equal("/queue", input.GetAttribute("value")));
        Assert.Equal(2, cut.FindAll("input[name=returnUrl]").Count);
    }

    private IRenderedComponent<QueueTable> RenderTable(ClaimRow[] rows, long? currentUserId = 1) =>
        Render<QueueTable>(p => p
            .Add(x => x.Claims, rows)
            .Add(x => x.Now, Now)
            .Add(x => x.CurrentUserId, currentUserId)
            .Add(x => x.AntiforgeryToken, "token-123")
            .Add(x => x.ReturnUrl, "/queue?stale=true&q=a%26b"));
}
