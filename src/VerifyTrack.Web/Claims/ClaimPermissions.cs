using VerifyTrack.Web.Accounts;

namespace VerifyTrack.Web.Claims;

/// <summary>What a signed-in person may try to do to a claim (or, for the digest time, to a desk).</summary>
public enum ClaimAction
{
    Create,
    Edit,
    MoveDesk,
    Transition,
    Review,
    AddAppearance,
    RemoveAppearance,
    AddEvidence,
    RemoveEvidence,
    Assign,
    Publish,
    Unpublish,
    SetDigestTime,
}

/// <summary>Who is acting, as far as permissions go: their role and the desks they are on.</summary>
public sealed record ClaimActor(string? Role, IReadOnlySet<long> DeskIds)
{
    public static readonly ClaimActor Nobody = new(null, new HashSet<long>());

    public bool IsAdmin => Role == Roles.Admin;

    public bool IsLead => Role == Roles.DeskLead;

    public bool IsOn(long deskId) => DeskIds.Contains(deskId);
}

/// <summary>
/// Who may do what to which claim, in one place, with no I/O. Everyone signed in reads every claim; this decides
/// the writes. A refusal is a sentence the person can act on; <c>null</c> means allowed.
/// </summary>
public static class ClaimPermissions
{
    public static IReadOnlyList<ClaimAction> Actions { get; } = Enum.GetValues<ClaimAction>();

    /// <param name="actor">the person acting</param>
    /// <param name="action">what they try</param>
    /// <param name="deskId">the claim's current desk; for <see cref="ClaimAction.Create"/> the desk it is created on, for <see cref="ClaimAction.SetDigestTime"/> the desk itself</param>
    /// <param name="publishRequiresLead"><see cref="PermissionsOptions.PublishRequiresLead"/></param>
    public static string? Check(ClaimActor actor, ClaimAction action, long deskId, bool publishRequiresLead)
    {
        if (!Roles.IsKnown(actor.Role))
        {
            return "You are not signed in as a user with a role.";
        }

        if (actor.IsAdmin)
        {
            return null;
        }

        var onDesk = actor.IsOn(deskId);
        return action switch
        {
            // Anyone who spots the claim elsewhere, or finds material on it, helps whichever desk owns it.
            ClaimAction.AddAppearance or ClaimAction.AddEvidence => null,

            ClaimAction.Create => onDesk ? null : "Only editors of a desk (or an admin) can create claims on it, and you are not on this desk.",

            ClaimAction.Edit or ClaimAction.Transition or ClaimAction.Review or ClaimAction.RemoveAppearance
                or ClaimAction.RemoveEvidence or ClaimAction.Assign =>
                onDesk ? null : "Only editors of the claim's desk (or an admin) can change this claim; you may add evidence or an appearance.",

            ClaimAction.Publish or ClaimAction.Unpublish when publishRequiresLead =>
                onDesk && actor.IsLead ? null : "Only a lead of the claim's desk (or an admin) can publish or unpublish it: this newsroom keeps a two-person rule for public verdicts.",

            ClaimAction.Publish or ClaimAction.Unpublish =>
                onDesk ? null : "Only editors of the claim's desk (or an admin) can publish or unpublish it.",

            ClaimAction.MoveDesk =>
                onDesk && actor.IsLead ? null : "Only a lead of the claim's desk (or an admin) can move it to another desk.",

            ClaimAction.SetDigestTime =>
                onDesk && actor.IsLead ? null : "Only a lead of this desk (or an admin) can set its digest time.",

            _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
        };
    }
}
