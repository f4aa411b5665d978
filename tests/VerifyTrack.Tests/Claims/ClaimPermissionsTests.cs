using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Claims;

namespace VerifyTrack.Tests.Claims;

public sealed class ClaimPermissionsTests
{
    private const long OwnDesk = 1;
    private const long OtherDesk = 2;

    /// <summary>
    /// The rule as the newsroom wrote it, one row per action: who may, written as role + "+" for the claim's own desk
    /// (the user is on it) and role + "-" for another desk. "E" editor, "L" desk lead, "A" admin.
    /// Each row gives the answer with Permissions:PublishRequiresLead off, then on.
    /// </summary>
    private static readonly Dictionary<ClaimAction, (string Off, string On)> Allowed = new()
    {
        [ClaimAction.Create] = ("E+ L+ A+ A-", "E+ L+ A+ A-"),
        [ClaimAction.Edit] = ("E+ L+ A+ A-", "E+ L+ A+ A-"),
        [ClaimAction.Transition] = ("E+ L+ A+ A-", "E+ L+ A+ A-"),
        [ClaimAction.Review] = ("E+ L+ A+ A-", "E+ L+ A+ A-"),
        [ClaimAction.Assign] = ("E+ L+ A+ A-", "E+ L+ A+ A-"),
        [ClaimAction.RemoveAppearance] = ("E+ L+ A+ A-", "E+ L+ A+ A-"),
        [ClaimAction.RemoveEvidence] = ("E+ L+ A+ A-", "E+ L+ A+ A-"),
        [ClaimAction.AddAppearance] = ("E+ E- L+ L- A+ A-", "E+ E- L+ L- A+ A-"),
        [ClaimAction.AddEvidence] = ("E+ E- L+ L- A+ A-", "E+ E- L+ L- A+ A-"),
        [ClaimAction.Publish] = ("E+ L+ A+ A-", "L+ A+ A-"),
        [ClaimAction.Unpublish] = ("E+ L+ A+ A-", "L+ A+ A-"),
        [ClaimAction.MoveDesk] = ("L+ A+ A-", "L+ A+ A-"),
        [ClaimAction.SetDigestTime] = ("L+ A+ A-", "L+ A+ A-"),
    };

    private static readonly Dictionary<string, string> RoleCodes = new()
    {
        ["E"] = Roles.Editor,
        ["L"] = Roles.DeskLead,
        ["A"] = Roles.Admin,
    };

    public static TheoryData<ClaimAction, string, bool, bool> EveryCase()
    {
        var data = new TheoryData<ClaimAction, string, bool, bool>();
        foreach (var action in ClaimPermissions.Actions)
        {
            foreach (var role in RoleCodes.Keys)
            {
                foreach (var onTheDesk in new[] { true, false })
                {
                    foreach (var publishRequiresLead in new[] { false, true })
                    {
                        data.Add(action, role, onTheDesk, publishRequiresLead);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCase))]
    public void Check_EveryActionRoleDeskAndSetting_AnswersAsTheRuleSays(ClaimAction action, string role, bool onTheDesk, bool publishRequiresLead)
    {
        var actor = new ClaimActor(RoleCodes[role], new HashSet<long> { onTheDesk ? OwnDesk : OtherDesk });
        var (off, on) = Allowed[action];
        var expected = (publishRequiresLead ? on : off).Split(' ').Contains(role + (onTheDesk ? "+" : "-"));

        var refusal = ClaimPermissions.Check(actor, action, OwnDesk, publishRequiresLead);

        if (expected)
        {
            Assert.Null(refusal);
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(refusal));
            Assert.EndsWith(".", refusal);
        }
    }

    [Fact]
    public void TheTable_HasARowForEveryAction()
    {
        Assert.Equal(ClaimPermissions.Actions.OrderBy(a => a), Allowed.Keys.OrderBy(a => a));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("reader")]
    [InlineData("Admin")]
    public void Check_NoOrUnknownRole_RefusesEveryAction(string? role)
    {
        var actor = new ClaimActor(role, new HashSet<long> { OwnDesk });

        Assert.All(ClaimPermissions.Actions, action =>
        {
            Assert.NotNull(ClaimPermissions.Check(actor, action, OwnDesk, publishRequiresLead: false));
            Assert.NotNull(ClaimPermissions.Check(actor, action, OwnDesk, publishRequiresLead: true));
        });
    }

    [Fact]
    public void Check_Nobody_RefusesEveryAction()
    {
        Assert.All(ClaimPermissions.Actions, action => Assert.NotNull(ClaimPermissions.Check(ClaimActor.Nobody, action, OwnDesk, publishRequiresLead: false)));
    }

    [Fact]
    public void Check_LeadOnSeveralDesks_LeadsEachOfThem()
    {
        var lead = new ClaimActor(Roles.DeskLead, new HashSet<long> { OwnDesk, OtherDesk });

        Assert.Null(ClaimPermissions.Check(lead, ClaimAction.MoveDesk, OwnDesk, publishRequiresLead: true));
        Assert.Null(ClaimPermissions.Check(lead, ClaimAction.Publish, OtherDesk, publishRequiresLead: true));
        Assert.NotNull(ClaimPermissions.Check(lead, ClaimAction.Publish, 3, publishRequiresLead: true));
    }

    [Fact]
    public void Check_PublishRequiresLead_SaysWhyTheEditorIsRefused()
    {
        var editor = new ClaimActor(Roles.Editor, new HashSet<long> { OwnDesk });

        Assert.Contains("lead", ClaimPermissions.Check(editor, ClaimAction.Publish, OwnDesk, publishRequiresLead: true));
    }
}
