using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace VerifyTrack.Web.Accounts;

public sealed class SignInForm
{
    [Required(ErrorMessage = "Enter your e-mail address.")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Enter your password.")]
    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed record AccountPage(string Email, string Name, IReadOnlyList<ApiTokenRow> Tokens, string? NewToken, string? NewTokenLabel, bool DigestsEnabled, bool RemindersEnabled);

[Route("account")]
public sealed class AccountsController(
    SignInService signIn, UserSessions sessions, Passwords passwords, ApiTokens tokens, UserStore users, IOptions<AccountOptions> accounts) : Controller
{
    private const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    [HttpGet("sign-in")]
    [AllowPendingPasswordChange]
    [AllowAnonymous]
    public IActionResult SignIn(string? returnUrl) => View(new SignInForm { ReturnUrl = returnUrl });

    [HttpPost("sign-in")]
    [AllowPendingPasswordChange]
    [AllowAnonymous]
    public async Task<IActionResult> SignIn(SignInForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var result = await signIn.SignInAsync(form.Email, form.Password, cancellationToken);
        switch (result.Outcome)
        {
            case SignInOutcome.Success:
                var user = result.User!;
                var sessionId = await sessions.StartAsync(user.Id, cancellationToken);
                await HttpContext.SignInAsync(Scheme, CurrentUser.CreateSessionPrincipal(user, sessionId, Scheme));
                if (user.MustChangePassword)
                {
                    return Redirect(PasswordChangeRequiredFilter.ChangePasswordPath);
                }

                return LocalRedirect(Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl : "/");
            case SignInOutcome.Deactivated:
                ModelState.AddModelError("", "This account has been deactivated. Ask an admin if you need access.");
                break;
            default:
                // Wrong and locked read the same, so the page never confirms that an account exists.
                ModelState.AddModelError("", $"The e-mail or password is not right. After {accounts.Value.MaxFailedSignIns} failed attempts in a row an account is locked for {accounts.Value.LockoutDuration.TotalMinutes:0} minutes.");
                break;
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(form);
    }

    [HttpPost("sign-out")]
    [AllowPendingPasswordChange]
    public async Task<IActionResult> SignOutUser(CancellationToken cancellationToken)
    {
        // Ending the row, not only dropping the cookie, is what stops a copy of the cookie from working on.
        if (User.Identity?.AuthenticationType == Scheme && User.SessionId() is { } sessionId)
        {
            await sessions.EndAsync(sessionId, User.Id(), cancellationToken);
        }

        await HttpContext.SignOutAsync(Scheme);
        return RedirectToAction(nameof(SignIn));
    }

    [HttpPost("sign-out-everywhere")]
    [AllowPendingPasswordChange]
    [Authorize(AuthenticationSchemes = Scheme)]
    public async Task<IActionResult> SignOutEverywhere(CancellationToken cancellationToken)
    {
        await sessions.EndAllAsync(User.Id(), User.ToActor(), cancellationToken);
        await HttpContext.SignOutAsync(Scheme);
        return RedirectToAction(nameof(SignIn));
    }

    [HttpGet("password")]
    [AllowPendingPasswordChange]
    [Authorize(AuthenticationSchemes = Scheme)]
    public IActionResult ChangePassword() => View(new PasswordChangeForm());

    [HttpPost("password")]
    [AllowPendingPasswordChange]
    [Authorize(AuthenticationSchemes = Scheme)]
    public async Task<IActionResult> ChangePassword(PasswordChangeForm form, CancellationToken cancellationToken)
    {
        var sessionId = User.SessionId()!;
        var (errors, user) = await passwords.ChangeOwnAsync(User.Id(), sessionId, form, User.ToActor(), cancellationToken);
        if (user is null)
        {
            foreach (var (field, messages) in errors.ToDictionary())
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(FieldErrors.FormKey(field), message);
                }
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(new PasswordChangeForm());
        }

        // The new stamp ended every cookie issued before; this session goes on with a fresh one.
        await HttpContext.SignInAsync(Scheme, CurrentUser.CreateSessionPrincipal(user, sessionId, Scheme));
        TempData["Flash"] = "Your password is changed. Your other sessions are signed out.";
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("")]
    [Authorize]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await AccountPageAsync(null, null, cancellationToken));

    [HttpPost("tokens")]
    [Authorize]
    public async Task<IActionResult> CreateToken(string? label, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(label) || label.Length > 100)
        {
            ModelState.AddModelError("label", "Give the token a label of 1–100 characters, such as 'newsroom-bot'.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Index), await AccountPageAsync(null, null, cancellationToken));
        }

        var (token, _) = await tokens.CreateAsync(User.Id(), label.Trim(), User.ToActor(), cancellationToken);
        return View(nameof(Index), await AccountPageAsync(token, label.Trim(), cancellationToken));
    }

    [HttpPost("tokens/{id:long}/revoke")]
    [Authorize]
    public async Task<IActionResult> RevokeToken(long id, CancellationToken cancellationToken)
    {
        await tokens.RevokeAsync(User.Id(), id, User.ToActor(), cancellationToken);
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("mail")]
    [Authorize]
    public async Task<IActionResult> MailPreferences(bool digests, bool reminders, CancellationToken cancellationToken)
    {
        await users.SetMailPreferencesAsync(User.Id(), digests, reminders, cancellationToken);
        TempData["Flash"] = "Mail preferences saved.";
        return RedirectToAction(nameof(Index));
    }

    private async Task<AccountPage> AccountPageAsync(string? newToken, string? newTokenLabel, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(User.Id(), cancellationToken);
        return new(User.Email(), User.Identity!.Name ?? "", await tokens.ListAsync(User.Id(), cancellationToken), newToken, newTokenLabel,
            user?.DigestsEnabled ?? false, user?.RemindersEnabled ?? false);
    }
}
