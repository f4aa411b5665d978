using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace VerifyTrack.Web.Accounts;

/// <summary>Marks the pages a user who must change their password may still reach: the change itself, sign-in and sign-out.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class AllowPendingPasswordChangeAttribute : Attribute;

/// <summary>
/// Sends a user signed in with a temporary password to the change-password page from every other page.
/// Their API tokens are a different principal without the flag, and keep working.
/// </summary>
public sealed class PasswordChangeRequiredFilter : IAuthorizationFilter
{
    public const string ChangePasswordPath = "/account/password";

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        if (!http.User.MustChangePassword()
            || context.ActionDescriptor.EndpointMetadata.OfType<AllowPendingPasswordChangeAttribute>().Any()
            || http.Features.Get<IStatusCodeReExecuteFeature>() is not null
            || http.Features.Get<IExceptionHandlerPathFeature>() is not null)
        {
            return;
        }

        context.Result = new RedirectResult(ChangePasswordPath);
    }
}
