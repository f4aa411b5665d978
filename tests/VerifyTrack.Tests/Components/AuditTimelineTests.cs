using Bunit;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Components;
using static VerifyTrack.Tests.Components.Samples;

namespace VerifyTrack.Tests.Components;

public sealed class AuditTimelineTests : BunitContext
{
    private static readonly AuditEventRow[] Events =
    [
        Event(1, AuditKinds.ClaimCreated, """{"priority":"high","desk":"world"}"""),
        Event(2, AuditKinds.ClaimEdited, """{"changes":{"claimant":{"before":"Amaq","after":"Islamic State / Amaq"},"summary":{"before":"","after":"Dated 3 October"}}}"""),
        Event(3, AuditKinds.StateChanged, """{"from":"unverified","to":"denied","note":"Tass statement","publicNote":null,"deniedBy":"Russian Defence Ministry"}"""),
        Event(4, "reminder.sent", """{}"""),
    ];

    [Fact]
    public void ShowsWhoWhenWhatAndBeforeAfterOfEachField()
    {
        var cut = Render<AuditTimeline>(p => p.Add(x => x.Events, Events));

        var items = cut.FindAll(".timeline li");
        Assert.Equal(["event-1", "event-2", "event-3", "event-4"], items.Select(i => i.Id));
        Assert.Equal("ana@desk.example", items[0].QuerySelector(".actor")!.TextContent);
        var when = items[0].QuerySelector("time")!;
        Assert.Equal("2017-10-05T12:01:00Z", when.GetAttribute("datetime"));
        Assert.Equal("5 Oct 2017, 12:01 UTC", when.TextContent);
        var rows = items[1].QuerySelectorAll("table.changes tbody tr");
        Assert.Equal(["claimant", "Amaq", "Islamic State / Amaq"], rows[0].Children.Select(c => c.TextContent));
        Assert.Equal(["summary", "", "Dated 3 October"], rows[1].Children.Select(c => c.TextContent));
        Assert.Equal("Amaq", rows[0].QuerySelector("del")!.TextContent);
        Assert.Equal("Islamic State / Amaq", rows[0].QuerySelector("ins")!.TextContent);
        Assert.Contains("moved it from unverified to denied, denied by Russian Defence Ministry", items[2].QuerySelector(".summary")!.TextContent);
        Assert.Equal("Tass statement", items[2].QuerySelector(".note")!.TextContent);
        Assert.Contains("reminder sent", items[3].TextContent);
        Assert.Empty(items[3].QuerySelectorAll("table, .note"));
    }

    [Fact]
    public void WithoutHighlight_MarksNothingNew()
    {
        var cut = Render<AuditTimeline>(p => p.Add(x => x.Events, Events));

        Assert.Empty(cut.FindAll(".event-new"));
    }

    [Fact]
    public void HighlightAfter_MarksOnlyTheLaterEventsAsNew()
    {
        var cut = Render<AuditTimeline>(p => p.Add(x => x.Events, Events).Add(x => x.HighlightAfter, 2L));

        Assert.Equal(["event-3", "event-4"], cut.FindAll(".event-new").Select(i => i.Id));
    }

    [Fact]
    public void UserText_IsEncodedAndKeepsItsDirection()
    {
        var events = new[]
        {
            Event(5, AuditKinds.Reviewed, """{"note":"<script>alert(1)</script> لا يزال قيد التحقق"}""", actor: "<b>mallory</b>"),
            Event(6, AuditKinds.ClaimEdited, """{"changes":{"statement":{"before":"<i>old</i>","after":"<img src=x onerror=alert(1)>"}}}"""),
        };

        var cut = Render<AuditTimeline>(p => p.Add(x => x.Events, events));

        Assert.Empty(cut.FindAll("script, b, i, img"));
        Assert.Equal("<b>mallory</b>", cut.Find(".actor").TextContent);
        var note = cut.Find(".note");
        Assert.Equal("<script>alert(1)</script> لا يزال قيد التحقق", note.TextContent);
        Assert.Equal("auto", note.GetAttribute("dir"));
        Assert.Equal("<i>old</i>", cut.Find("del").TextContent);
        Assert.Equal("<img src=x onerror=alert(1)>", cut.Find("ins").TextContent);
    }

    [Fact]
    public void NoEvents_IsAnEmptyList()
    {
        var cut = Render<AuditTimeline>(p => p.Add(x => x.Events, []));

        cut.MarkupMatches("""<ol class="timeline"></ol>""");
    }
}
