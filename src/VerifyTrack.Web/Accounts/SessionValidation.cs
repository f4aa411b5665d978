using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace VerifyTrack.Web.Accounts;

/// <summary>
/// Re-reads the user behind a sign-in cookie on every request, so deactivating a user or changing their
/// role takes effect at once rather than when the cookie expires. The cookie must also name a live
/// session and carry the user's current security stamp: sign-out, "sign out everywhere" and password
/// changes end sessions through these two.
/// </summary>
public static class SessionValidation
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal?.FindFirstValue(ClaimTypes.NameIdentifier) is null || principal.SessionId() is not { } sessionId)
        {
            await RejectAsync(context);
            return;
        }

        var services = context.HttpContext.RequestServices;
        var user = await services.GetRequiredService<UserStore>().FindByIdAsync(principal.Id(), context.HttpContext.RequestAborted);
        if (user is not { IsActive: true }
            || principal.FindFirstValue(CurrentUser.SecurityStampClaim) != user.SecurityStamp
            || !await services.GetRequiredService<UserSessions>().IsLiveAsync(sessionId, user.Id, context.HttpContext.RequestAborted))
        {
            await RejectAsync(context);
            return;
        }

        if (user.Role != principal.FindFirstValue(ClaimTypes.Role)
            || user.DisplayName != principal.Identity?.Name
            || user.MustChangePassword != principal.MustChangePassword())
        {
            context.ReplacePrincipal(CurrentUser.CreateSessionPrincipal(user, sessionId, CookieAuthenticationDefaults.AuthenticationScheme));
            context.ShouldRenew = true;
        }
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
