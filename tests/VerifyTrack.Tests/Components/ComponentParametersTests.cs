using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Components;

namespace VerifyTrack.Tests.Components;

public sealed class ComponentParametersTests
{
    [Fact]
    public void Add_NamesEachParameterAfterItsProperty()
    {
        var values = new ComponentParameters<ReviewDue>()
            .Add(x => x.DueAt, null)
            .Add(x => x.Now, Samples.Now)
            .ToDictionary();

        Assert.Equal(["DueAt", "Now"], values.Keys.Order(StringComparer.Ordinal));
        Assert.Null(values["DueAt"]);
        Assert.Equal(Samples.Now, values["Now"]);
    }

    [Fact]
    public void Add_TheSameParameterTwice_KeepsTheLastValue()
    {
        var values = new ComponentParameters<StateBadge>()
            .Add(x => x.State, ClaimState.Denied)
            .Add(x => x.State, ClaimState.Confirmed)
            .ToDictionary();

        Assert.Equal(ClaimState.Confirmed, Assert.Single(values).Value);
    }

    [Fact]
    public void Add_SomethingOtherThanAParameter_IsRefused()
    {
        var parameters = new ComponentParameters<ClaimRowView>();

        Assert.Throws<ArgumentException>(() => parameters.Add(x => x.Claim.Statement, "x"));
        Assert.Throws<ArgumentException>(() => parameters.Add(x => x.ToString(), "x"));
    }

    [Fact]
    public void ToDictionary_WithARequiredParameterLeftOut_NamesIt()
    {
        var parameters = new ComponentParameters<ClaimRowView>().Add(x => x.Claim, Samples.Row());

        var error = Assert.Throws<InvalidOperationException>(() => parameters.ToDictionary());

        Assert.Equal("ClaimRowView needs Now, AntiforgeryToken.", error.Message);
    }

    [Fact]
    public void ToDictionary_OptionalParametersMayBeLeftOut()
    {
        var values = new ComponentParameters<AuditTimeline>().Add(x => x.Events, []).ToDictionary();

        Assert.Equal(["Events"], values.Keys);
    }
}
