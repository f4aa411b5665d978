using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace VerifyTrack.Web.Accounts;

/// <summary>
/// Re-reads the user behind a sign-in cookie on every request, so deactivating a user or changing their
/// role takes effect at once rather than when the cookie expires.
/// </summary>
public static class SessionValidation
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal?.FindFirstValue(ClaimTypes.NameIdentifier) is null)
        {
            context.RejectPrincipal();
            return;
        }

        var users = context.HttpContext.RequestServices.GetRequiredService<UserStore>();
        var user = await users.FindByIdAsync(principal.Id(), context.HttpContext.RequestAborted);
        if (user is not { IsActive: true })
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        if (user.Role != principal.FindFirstValue(ClaimTypes.Role) || user.DisplayName != principal.Identity?.Name)
        {
            context.ReplacePrincipal(CurrentUser.CreatePrincipal(user.Id, user.Email, user.DisplayName, user.Role, CookieAuthenticationDefaults.AuthenticationScheme));
            context.ShouldRenew = true;
        }
    }
}
