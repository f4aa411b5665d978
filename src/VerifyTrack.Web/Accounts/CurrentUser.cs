using System.Security.Claims;
using VerifyTrack.Web.Audit;

namespace VerifyTrack.Web.Accounts;

/// <summary>The claims our sign-in and API tokens put on a principal, and the way back to an audit actor.</summary>
public static class CurrentUser
{
    public static ClaimsPrincipal CreatePrincipal(long userId, string email, string displayName, string role, string scheme) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, userId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Email, email),
                new Claim(ClaimTypes.Name, displayName),
                new Claim(ClaimTypes.Role, role),
            ],
            scheme));

    public static long Id(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in."), System.Globalization.CultureInfo.InvariantCulture);

    public static string Email(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Email) ?? "";

    public static Actor ToActor(this ClaimsPrincipal user) => new(user.Id(), user.Email());
}
