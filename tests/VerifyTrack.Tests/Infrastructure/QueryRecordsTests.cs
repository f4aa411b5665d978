using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Claims.Api;
using VerifyTrack.Web.PublicStatus;
using VerifyTrack.Web.Queue;

namespace VerifyTrack.Tests.Infrastructure;

/// <summary>Each feature's query record reads its values through the shared reader, into its own filter.</summary>
public sealed class QueryRecordsTests
{
    [Fact]
    public void QueueQuery_ReadsEveryFilter()
    {
        var cursor = new QueueCursor(null, 12);
        var (filter, after, errors) = new QueueQuery("denied", [" world "], "urgent", "me", "true", "false", " amaq ", cursor.Encode()).Parse();

        Assert.True(errors.IsEmpty);
        Assert.Equal(new ClaimFilter(ClaimState.Denied, "world", Priority.Urgent, "me", true, "amaq", false), filter);
        Assert.Equal(cursor, after);
    }

    [Fact]
    public void QueueQuery_StaleUnticked_MeansEveryClaim()
    {
        var (filter, _, _) = new QueueQuery(Stale: "false").Parse();

        Assert.Null(filter.Stale);
    }

    [Fact]
    public void QueueQuery_ReportsEveryBadValue()
    {
        var (_, _, errors) = new QueueQuery("false", [new string('d', 41)], "critical", "someone", "maybe", "perhaps", "a\u0001", "garbage").Parse();

        Assert.Equal(["after", "assignee", "desk", "priority", "published", "q", "stale", "state"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AuditQuery_ReadsEveryFilterWithTheEndDayIncluded()
    {
        var (filter, before, errors) = new AuditQuery("#12", " ana@desk.example ", AuditKinds.StateChanged, "2017-10-01", "2017-10-05", "400").Parse();

        Assert.True(errors.IsEmpty);
        Assert.Equal(
            new AuditFilter(12, "ana@desk.example", AuditKinds.StateChanged, new DateTimeOffset(2017, 10, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2017, 10, 6, 0, 0, 0, TimeSpan.Zero)),
            filter);
        Assert.Equal(400L, before);
    }

    [Fact]
    public void AuditQuery_ReportsEveryBadValueAndAnEndBeforeTheStart()
    {
        var (_, _, bad) = new AuditQuery("abc", "a\u0001", "claim.deleted", "yesterday", "today", "x").Parse();
        var (_, _, backwards) = new AuditQuery(From: "2017-10-05", To: "2017-10-01").Parse();

        Assert.Equal(["before", "claim", "from", "kind", "to", "user"], bad.ToDictionary().Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["The end date is before the start date."], backwards.ToDictionary()["to"]);
    }

    [Fact]
    public void StatusQuery_ReadsStateSearchAndPage()
    {
        var (list, errors) = new StatusQuery("confirmed", " deir ", "3").Parse(20);

        Assert.True(errors.IsEmpty);
        Assert.Equal(new PublicListQuery(ClaimState.Confirmed, "deir", null, 3, 20), list);
    }

    [Fact]
    public void StatusQuery_ReportsEveryBadValue()
    {
        var (list, errors) = new StatusQuery("bogus", new string('q', TextRules.StatementMax + 1), "0").Parse(20);

        Assert.Equal(["page", "q", "state"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, list.Page);
    }

    [Fact]
    public void StatusQuery_LinksKeepTheSearchAndLeaveOutPageOne()
    {
        var query = new StatusQuery("denied", "amaq & co", "4");

        Assert.Equal("/status?q=amaq%20%26%20co", query.ToUrl(null, 1));
        Assert.Equal("/status?state=confirmed&q=amaq%20%26%20co&page=2", query.ToUrl("confirmed", 2));
    }

    [Fact]
    public void PublicClaimsQuery_ReadsEveryValueWithTheConfiguredPageSizeByDefault()
    {
        var (list, errors) = new PublicClaimsQuery("denied", "2017-10-05T09:00:00Z", "amaq", "2").Parse(20);

        Assert.True(errors.IsEmpty);
        Assert.Equal(new PublicListQuery(ClaimState.Denied, "amaq", new DateTimeOffset(2017, 10, 5, 9, 0, 0, TimeSpan.Zero), 2, 20), list);
    }

    [Fact]
    public void PublicClaimsQuery_ReportsEveryBadValue()
    {
        var (_, errors) = new PublicClaimsQuery("false", "yesterday", "a\u0001", "0", "101").Parse(20);

        Assert.Equal(["page", "pageSize", "since", "state", "text"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ClaimListQuery_ReadsEveryValue()
    {
        var (filter, page, pageSize, errors) = new ClaimListQuery("unverified", "world", "low", "ana@desk.example", "false", "amaq", "2", "200").Parse();

        Assert.True(errors.IsEmpty);
        Assert.Equal(new ClaimFilter(ClaimState.Unverified, "world", Priority.Low, "ana@desk.example", false, "amaq"), filter);
        Assert.Equal((2, 200), (page, pageSize));
    }

    [Fact]
    public void ClaimListQuery_DefaultsAndReportsEveryBadValue()
    {
        var (_, page, pageSize, _) = new ClaimListQuery().Parse();
        var (_, _, _, errors) = new ClaimListQuery("bogus", "a\u0001", "critical", "b\u0001", "maybe", "c\u0001", "0", "201").Parse();

        Assert.Equal((1, ClaimListQuery.DefaultPageSize), (page, pageSize));
        Assert.Equal(["assignee", "desk", "page", "pageSize", "priority", "stale", "state", "text"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }
}
