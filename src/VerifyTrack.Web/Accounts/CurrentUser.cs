using System.Security.Claims;
using VerifyTrack.Web.Audit;

namespace VerifyTrack.Web.Accounts;

/// <summary>The claims our sign-in and API tokens put on a principal, and the way back to an audit actor.</summary>
public static class CurrentUser
{
    public const string SessionIdClaim = "verifytrack:session";
    public const string SecurityStampClaim = "verifytrack:stamp";
    public const string MustChangePasswordClaim = "verifytrack:must_change_password";

    public static ClaimsPrincipal CreatePrincipal(long userId, string email, string displayName, string role, string scheme) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, userId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Email, email),
                new Claim(ClaimTypes.Name, displayName),
                new Claim(ClaimTypes.Role, role),
            ],
            scheme));

    /// <summary>The sign-in cookie's principal: the user, their security stamp and the session it belongs to.</summary>
    public static ClaimsPrincipal CreateSessionPrincipal(UserRow user, string sessionId, string scheme)
    {
        var principal = CreatePrincipal(user.Id, user.Email, user.DisplayName, user.Role, scheme);
        var identity = (ClaimsIdentity)principal.Identity!;
        identity.AddClaim(new Claim(SessionIdClaim, sessionId));
        identity.AddClaim(new Claim(SecurityStampClaim, user.SecurityStamp));
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(MustChangePasswordClaim, "true"));
        }

        return principal;
    }

    public static string? SessionId(this ClaimsPrincipal user) => user.FindFirstValue(SessionIdClaim);

    public static bool MustChangePassword(this ClaimsPrincipal user) => user.HasClaim(MustChangePasswordClaim, "true");

    public static long Id(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in."), System.Globalization.CultureInfo.InvariantCulture);

    public static string Email(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Email) ?? "";

    public static Actor ToActor(this ClaimsPrincipal user) => new(user.Id(), user.Email());
}
