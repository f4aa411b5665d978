using VerifyTrack.Web.Claims;

namespace VerifyTrack.Tests.Claims;

public sealed class ClaimRulesTests
{
    private static readonly Stance[][] EvidenceSets =
    [
        [],
        [Stance.Refutes],
        [Stance.Context],
        [Stance.Refutes, Stance.Context],
        [Stance.Supports],
        [Stance.Supports, Stance.Refutes, Stance.Context],
    ];

    public static TheoryData<ClaimState, ClaimState, int> EveryMoveWithEveryEvidenceSet()
    {
        var data = new TheoryData<ClaimState, ClaimState, int>();
        foreach (var from in Enum.GetValues<ClaimState>())
        {
            foreach (var to in Enum.GetValues<ClaimState>())
            {
                for (var set = 0; set < EvidenceSets.Length; set++)
                {
                    data.Add(from, to, set);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryMoveWithEveryEvidenceSet))]
    public void CheckTransition_CompleteCommand_AllowedExactlyWhenStateChangesAndConfirmationHasSupport(ClaimState from, ClaimState to, int evidenceSet)
    {
        var evidence = EvidenceSets[evidenceSet];
        var command = new TransitionCommand(
            to,
            Note: "Checked against the ministry statement.",
            PublicNote: "Public explanation.",
            DeniedBy: to == ClaimState.Denied ? "Russian Defence Ministry" : null,
            DenialUrl: to == ClaimState.Denied ? "https://example.org/denial" : null);

        var errors = ClaimRules.CheckTransition(from, command, evidence).ToDictionary();

        var expectAllowed = from != to && (to != ClaimState.Confirmed || evidence.Contains(Stance.Supports));
        Assert.Equal(expectAllowed, errors.Count == 0);
        if (!expectAllowed)
        {
            Assert.Equal(["to"], errors.Keys);
        }
    }

    [Theory]
    [MemberData(nameof(EveryMoveWithEveryEvidenceSet))]
    public void CheckTransition_WithoutNote_IsRefusedForEveryMove(ClaimState from, ClaimState to, int evidenceSet)
    {
        var command = new TransitionCommand(to, Note: "  ", null, to == ClaimState.Denied ? "Kremlin" : null, null);

        var errors = ClaimRules.CheckTransition(from, command, EvidenceSets[evidenceSet]).ToDictionary();

        Assert.Contains("note", errors.Keys);
    }

    [Theory]
    [InlineData(ClaimState.Denied)]
    [InlineData(ClaimState.Confirmed)]
    public void CheckTransition_ReopenWithoutNote_AsksWhyItIsReopened(ClaimState from)
    {
        var errors = ClaimRules.CheckTransition(from, new TransitionCommand(ClaimState.Unverified, null, null, null, null), []).ToDictionary();

        Assert.Contains("reopened", Assert.Single(errors["note"]));
    }

    [Theory]
    [InlineData(ClaimState.Unverified)]
    [InlineData(ClaimState.Confirmed)]
    public void CheckTransition_DeniedWithoutDeniedBy_IsRefused(ClaimState from)
    {
        var errors = ClaimRules.CheckTransition(from, new TransitionCommand(ClaimState.Denied, "A denial.", null, null, null), []).ToDictionary();

        Assert.Equal(["deniedBy"], errors.Keys);
    }

    [Fact]
    public void CheckTransition_DeniedWithoutDenialUrl_IsAllowed()
    {
        var errors = ClaimRules.CheckTransition(ClaimState.Unverified, new TransitionCommand(ClaimState.Denied, "A denial.", null, "Kremlin", null), []);

        Assert.True(errors.IsEmpty);
    }

    [Theory]
    [InlineData("ftp://example.org/denial")]
    [InlineData("javascript:alert(1)")]
    [InlineData("not a url")]
    [InlineData("/relative/path")]
    public void CheckTransition_DenialUrlThatIsNotHttp_IsRefused(string url)
    {
        var errors = ClaimRules.CheckTransition(ClaimState.Unverified, new TransitionCommand(ClaimState.Denied, "A denial.", null, "Kremlin", url), []).ToDictionary();

        Assert.Equal(["denialUrl"], errors.Keys);
    }

    [Theory]
    [InlineData(ClaimState.Unverified)]
    [InlineData(ClaimState.Confirmed)]
    public void CheckTransition_DeniedByOnAMoveThatIsNotADenial_IsRefused(ClaimState to)
    {
        var from = to == ClaimState.Unverified ? ClaimState.Denied : ClaimState.Unverified;
        var errors = ClaimRules.CheckTransition(from, new TransitionCommand(to, "Note.", null, "Kremlin", "https://example.org/x"), [Stance.Supports]).ToDictionary();

        Assert.Equal(["denialUrl", "deniedBy"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CheckTransition_OversizedNotes_AreRefused()
    {
        var huge = new string('x', TextRules.NoteMax + 1);

        var errors = ClaimRules.CheckTransition(ClaimState.Unverified, new TransitionCommand(ClaimState.Denied, huge, huge, "Kremlin", null), []).ToDictionary();

        Assert.Equal(["note", "publicNote"], errors.Keys.Order());
    }

    [Theory]
    [InlineData(ClaimState.Unverified, new Stance[0], true)]
    [InlineData(ClaimState.Denied, new Stance[0], true)]
    [InlineData(ClaimState.Confirmed, new Stance[0], false)]
    [InlineData(ClaimState.Confirmed, new[] { Stance.Refutes, Stance.Context }, false)]
    [InlineData(ClaimState.Confirmed, new[] { Stance.Supports }, true)]
    public void CheckEvidenceRemoval_KeepsSupportUnderAConfirmedClaim(ClaimState state, Stance[] remaining, bool allowed)
    {
        Assert.Equal(allowed, ClaimRules.CheckEvidenceRemoval(state, remaining).IsEmpty);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(3, true)]
    public void CheckAppearanceRemoval_KeepsAtLeastOne(int remaining, bool allowed)
    {
        Assert.Equal(allowed, ClaimRules.CheckAppearanceRemoval(remaining).IsEmpty);
    }

    [Theory]
    [InlineData(ClaimState.Unverified, new[] { ClaimState.Denied, ClaimState.Confirmed })]
    [InlineData(ClaimState.Denied, new[] { ClaimState.Unverified, ClaimState.Confirmed })]
    [InlineData(ClaimState.Confirmed, new[] { ClaimState.Unverified, ClaimState.Denied })]
    public void TargetsFrom_EveryOtherState(ClaimState from, ClaimState[] expected)
    {
        Assert.Equal(expected.Order(), ClaimRules.TargetsFrom(from).Order());
    }
}

public sealed class SupportingEvidenceRuleTests
{
    private static readonly Dictionary<long, Stance> Evidence = new() { [1] = Stance.Supports, [2] = Stance.Refutes, [3] = Stance.Supports };

    [Theory]
    [InlineData(ClaimState.Confirmed, null, true)]
    [InlineData(ClaimState.Confirmed, new long[] { 1 }, true)]
    [InlineData(ClaimState.Confirmed, new long[] { 1, 3 }, true)]
    [InlineData(ClaimState.Confirmed, new long[0], false)]
    [InlineData(ClaimState.Confirmed, new long[] { 2 }, false)]
    [InlineData(ClaimState.Confirmed, new long[] { 1, 99 }, false)]
    [InlineData(ClaimState.Denied, null, true)]
    [InlineData(ClaimState.Denied, new long[0], true)]
    [InlineData(ClaimState.Denied, new long[] { 1 }, false)]
    [InlineData(ClaimState.Unverified, new long[] { 3 }, false)]
    public void CheckSupportingEvidence_PickedItemsMustBeThisClaimsSupportingEvidence(ClaimState to, long[]? picked, bool allowed)
    {
        Assert.Equal(allowed, ClaimRules.CheckSupportingEvidence(to, picked, Evidence).IsEmpty);
    }
}
