using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Components;
using VerifyTrack.Web.Desks;
using VerifyTrack.Web.Queue;

namespace VerifyTrack.Tests.Components;

public sealed class ComponentTests
{
    private static readonly DateTimeOffset Now = new(2017, 10, 5, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(ClaimState.Unverified, "Unverified", "state-unverified")]
    [InlineData(ClaimState.Denied, "Denied", "state-denied")]
    [InlineData(ClaimState.Confirmed, "Confirmed", "state-confirmed")]
    public async Task StateBadge_ShowsTheStateInWordsNotOnlyColour(ClaimState state, string label, string cssClass)
    {
        var page = await ComponentRenderer.RenderAsync<StateBadge>(new() { ["State"] = state });

        var badge = page.QuerySelector("span.badge")!;
        Assert.Equal(label, badge.TextContent);
        Assert.Contains(cssClass, badge.ClassList);
    }

    [Fact]
    public async Task ReviewDue_Overdue_SaysByHowMuchWithAMachineReadableTime()
    {
        var page = await ComponentRenderer.RenderAsync<ReviewDue>(new() { ["DueAt"] = Now.AddHours(-26).AddMinutes(-5), ["Now"] = Now });

        Assert.Equal("overdue by 1 d 2 h", page.Body!.TextContent.Trim());
        Assert.Equal("2017-10-04T09:55:00Z", page.QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Contains("due-overdue", page.QuerySelector("span")!.ClassList);
    }

    [Theory]
    [InlineData(90, "due in 1 h 30 min")]
    [InlineData(45, "due in 45 min")]
    [InlineData(0.5, "due in under a minute")]
    public async Task ReviewDue_Upcoming_SaysWhen(double minutes, string text)
    {
        var page = await ComponentRenderer.RenderAsync<ReviewDue>(new() { ["DueAt"] = Now.AddMinutes(minutes), ["Now"] = Now });

        Assert.Equal(text, page.Body!.TextContent.Trim());
    }

    [Fact]
    public async Task ReviewDue_NeverDue_SaysSo()
    {
        var page = await ComponentRenderer.RenderAsync<ReviewDue>(new() { ["DueAt"] = null, ["Now"] = Now });

        Assert.Equal("no review due", page.Body!.TextContent.Trim());
    }

    [Fact]
    public async Task ClaimRow_EncodesAttackerTextKeepsLongStatementsWholeAndMarksTextDirection()
    {
        var statement = string.Concat(Enumerable.Repeat("Very long statement quoted from the wild ", 25)) + "<script>alert(1)</script>";
        var page = await RenderRowAsync(Row(statement: statement, claimant: "داعش / أعماق"));

        var link = page.QuerySelector("td.statement a")!;
        Assert.Equal(statement, link.TextContent);
        Assert.Null(page.QuerySelector("script"));
        Assert.Equal("auto", link.GetAttribute("dir"));
        Assert.Equal("auto", page.QuerySelector(".claimant")!.GetAttribute("dir"));
        Assert.Equal("داعش / أعماق", page.QuerySelector(".claimant")!.TextContent);
    }

    [Fact]
    public async Task ClaimRow_WithoutAssigneeOrReviewDue_ShowsUnassignedAndNoReviewAction()
    {
        var page = await RenderRowAsync(Row(state: ClaimState.Confirmed, reviewDueAt: null));

        Assert.Equal("unassigned", page.QuerySelector("td .muted")!.TextContent);
        Assert.Null(page.QuerySelector("form.quick-review"));
        Assert.NotNull(page.QuerySelector("form[action='/claims/7/assign-to-me']"));
        Assert.Contains("no review due", page.Body!.TextContent);
    }

    [Fact]
    public async Task ClaimRow_AssignedToMe_OffersNoAssignButtonAndCarriesVersionTokenAndReturnUrl()
    {
        var page = await RenderRowAsync(Row(assigneeId: 3, assigneeName: "Eddie Editor"), currentUserId: 3);

        Assert.Null(page.QuerySelector("form[action='/claims/7/assign-to-me']"));
        var review = page.QuerySelector("form.quick-review")!;
        Assert.Equal("4", review.QuerySelector("input[name=version]")!.GetAttribute("value"));
        Assert.Equal("token-123", review.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value"));
        Assert.Equal("/queue?stale=true", review.QuerySelector("input[name=returnUrl]")!.GetAttribute("value"));
        Assert.Equal("review-note-7", review.QuerySelector("label")!.GetAttribute("for"));
        Assert.Contains("Eddie Editor", page.Body!.TextContent);
    }

    [Fact]
    public async Task ClaimRow_Stale_IsMarked()
    {
        var page = await RenderRowAsync(Row(reviewDueAt: Now.AddMinutes(-1)));

        Assert.Equal("row-stale", page.QuerySelector("tbody tr")!.GetAttribute("class"));
    }

    [Fact]
    public async Task QueueTable_Empty_SaysNothingMatches()
    {
        var page = await ComponentRenderer.RenderAsync<QueueTable>(new() { ["Claims"] = Array.Empty<ClaimRow>(), ["Now"] = Now, ["AntiforgeryToken"] = "t" });

        Assert.Empty(page.QuerySelectorAll("tbody tr"));
        Assert.Equal("No claims match these filters.", page.QuerySelector(".empty")!.TextContent);
    }

    [Fact]
    public async Task FilterBar_ReflectsTheQueryAndItsCountLinksKeepTheOtherFilters()
    {
        var desks = new[] { new DeskRow { Slug = "world", Name = "World" }, new DeskRow { Slug = "security", Name = "Security" } };
        var counts = new Dictionary<ClaimState, long> { [ClaimState.Unverified] = 3, [ClaimState.Denied] = 2, [ClaimState.Confirmed] = 0 };

        var page = await ComponentRenderer.RenderAsync<FilterBar>(new()
        {
            ["Query"] = new QueueQuery(State: "denied", Desk: "security", Stale: "true", Q: "amaq \"video\"", After: "123.4"),
            ["Desks"] = desks,
            ["Counts"] = counts,
        });

        Assert.Equal("security", page.QuerySelector("#filter-desk option[selected]")!.GetAttribute("value"));
        Assert.Equal("denied", page.QuerySelector("#filter-state option[selected]")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector("#filter-stale[checked]"));
        Assert.Equal("amaq \"video\"", page.QuerySelector("#filter-q")!.GetAttribute("value"));
        var links = page.QuerySelectorAll(".state-counts a");
        Assert.Equal("all 5", string.Join(' ', links[0].TextContent.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("page", links[2].GetAttribute("aria-current"));
        var confirmedLink = links[3].GetAttribute("href")!;
        Assert.Contains("state=confirmed", confirmedLink);
        Assert.Contains("desk=security", confirmedLink);
        Assert.Contains("q=amaq%20%22video%22", confirmedLink);
        Assert.DoesNotContain("after=", confirmedLink);
    }

    [Fact]
    public async Task AuditTimeline_ShowsWhoWhenWhatAndBeforeAfterOfEachField()
    {
        var events = new[]
        {
            Event(1, AuditKinds.ClaimCreated, """{"priority":"high","desk":"world"}"""),
            Event(2, AuditKinds.ClaimEdited, """{"changes":{"claimant":{"before":"Amaq","after":"Islamic State / Amaq"},"summary":{"before":"","after":"Dated 3 October"}}}"""),
            Event(3, AuditKinds.StateChanged, """{"from":"unverified","to":"denied","note":"Tass statement","publicNote":null,"deniedBy":"Russian Defence Ministry"}"""),
            Event(4, "reminder.sent", """{}"""),
        };

        var page = await ComponentRenderer.RenderAsync<AuditTimeline>(new() { ["Events"] = events, ["HighlightAfter"] = 2L });

        var items = page.QuerySelectorAll(".timeline li");
        Assert.Equal(4, items.Length);
        Assert.Contains("ana@desk.example", items[0].TextContent);
        Assert.Equal("2017-10-05T12:00:00Z", items[0].QuerySelector("time")!.GetAttribute("datetime"));
        var rows = items[1].QuerySelectorAll("tbody tr");
        Assert.Equal(["claimant", "Amaq", "Islamic State / Amaq"], rows[0].Children.Select(c => c.TextContent));
        Assert.Equal(["summary", "", "Dated 3 October"], rows[1].Children.Select(c => c.TextContent));
        Assert.Contains("moved it from unverified to denied, denied by Russian Defence Ministry", items[2].TextContent);
        Assert.Equal("Tass statement", items[2].QuerySelector(".note")!.TextContent);
        Assert.Contains("reminder sent", items[3].TextContent);
        Assert.Equal(["event-new", "event-new"], items.Where(i => i.ClassList.Contains("event-new")).Select(i => i.ClassName));
    }

    [Theory]
    [InlineData(0.4, "under a minute")]
    [InlineData(59, "59 min")]
    [InlineData(60, "1 h")]
    [InlineData(125, "2 h 5 min")]
    [InlineData(1440, "1 d")]
    [InlineData(4560, "3 d 4 h")]
    public void Durations_AreShortAndScannable(double minutes, string expected)
    {
        Assert.Equal(expected, Durations.Compact(TimeSpan.FromMinutes(minutes)));
        Assert.Equal(expected, Durations.Compact(TimeSpan.FromMinutes(-minutes)));
    }

    private static Task<AngleSharp.Dom.IDocument> RenderRowAsync(ClaimRow row, long? currentUserId = 1) =>
        ComponentRenderer.RenderAsync<QueueTable>(new()
        {
            ["Claims"] = new[] { row },
            ["Now"] = Now,
            ["CurrentUserId"] = currentUserId,
            ["AntiforgeryToken"] = "token-123",
            ["ReturnUrl"] = "/queue?stale=true",
        });

    private static ClaimRow Row(
        string statement = "ISIS says it captured two Russian soldiers",
        string claimant = "Islamic State / Amaq",
        ClaimState state = ClaimState.Unverified,
        long? assigneeId = null,
        string? assigneeName = null,
        DateTimeOffset? reviewDueAt = default) => new()
    {
        Id = 7,
        Slug = "isis-says",
        Statement = statement,
        Claimant = claimant,
        DeskName = "World",
        DeskSlug = "world",
        Priority = Priority.High,
        State = state,
        AssigneeId = assigneeId,
        AssigneeName = assigneeName,
        CreatedAt = Now.AddHours(-3),
        ReviewDueAt = reviewDueAt == default && state != ClaimState.Confirmed ? Now.AddHours(1) : reviewDueAt,
        Version = 4,
    };

    private static AuditEventRow Event(long id, string kind, string details) => new()
    {
        Id = id,
        ClaimId = 7,
        Kind = kind,
        Actor = "ana@desk.example",
        At = Now,
        Details = details,
    };
}
