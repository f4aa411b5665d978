namespace VerifyTrack.Web.Accounts;

public static class Roles
{
    public const string Editor = "editor";
    public const string DeskLead = "desk_lead";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Editor, DeskLead, Admin];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}
