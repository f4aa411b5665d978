using Bunit;
using VerifyTrack.Web.Dashboard;

namespace VerifyTrack.Tests.Dashboard;

public sealed class BarChartTests : BunitContext
{
    [Fact]
    public void StackedBars_TitleDescriptionLegendAndATableOfTheSameFigures()
    {
        var cut = Render<BarChart>(p => p
            .Add(x => x.Id, "states")
            .Add(x => x.Title, "Claims by state")
            .Add(x => x.Description, "Stacked bars.")
            .Add(x => x.CategoryName, "Day")
            .Add(x => x.Categories, ["1 Nov", "2 Nov"])
            .Add(x => x.Series, [new("unverified", [3, 1]), new("denied", [0, 2])])
            .Add(x => x.Stacked, true));

        Assert.Equal("Claims by state", cut.Find("svg title").TextContent);
        Assert.Equal("states-title states-desc", cut.Find("svg").GetAttribute("aria-labelledby"));
        Assert.Equal(["Day", "unverified", "denied"], cut.FindAll("table thead th").Select(th => th.TextContent));
        Assert.Equal(["1 Nov", "3", "0", "2 Nov", "1", "2"], cut.FindAll("table tbody th, table tbody td").Select(c => c.TextContent));
        var bars = cut.FindAll("svg[role=img] rect.bar");
        Assert.Equal(4, bars.Count);
        // Both days stack to 3, the tallest: full height, one bar on top of the other.
        var secondDay = bars.Skip(2).Select(b => (Y: double.Parse(b.GetAttribute("y")!, System.Globalization.CultureInfo.InvariantCulture), H: double.Parse(b.GetAttribute("height")!, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(secondDay[0].Y, secondDay[1].Y + secondDay[1].H, 2);
        Assert.Equal("url(#states-stripes)", bars[1].GetAttribute("fill"));
        Assert.Empty(cut.FindAll("script"));
        Assert.Equal(["unverified", "denied"], cut.FindAll(".legend-item").Select(l => l.TextContent.Trim()));
    }

    [Fact]
    public void MissingValues_AreDashesInTheTable_AndNoBarHeight()
    {
        var cut = Render<BarChart>(p => p
            .Add(x => x.Id, "v")
            .Add(x => x.Title, "Hours")
            .Add(x => x.Description, "d")
            .Add(x => x.CategoryName, "Week of")
            .Add(x => x.Categories, ["2 Nov"])
            .Add(x => x.Series, [new("median", [null])])
            .Add(x => x.Unit, "hours"));

        Assert.Equal("–", cut.Find("table tbody td").TextContent);
        Assert.Equal("0", cut.Find("svg rect.bar").GetAttribute("height"));
    }
}
