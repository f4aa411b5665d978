namespace VerifyTrack.Web.Claims;

public sealed class PermissionsOptions
{
    public const string Section = "Permissions";

    /// <summary>The two-person rule some desks keep for public verdicts: only a lead of the claim's desk (or an admin) publishes and unpublishes.</summary>
    public bool PublishRequiresLead { get; set; }
}
