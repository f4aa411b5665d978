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
public sealed class AccountsController(SignInService signIn, ApiTokens tokens, UserStore users, IOptions<AccountOptions> accounts) : Controller
{
    [HttpGet("sign-in")]
    [AllowAnonymous]
    public IActionResult SignIn(string? returnUrl) => View(new SignInForm { ReturnUrl = returnUrl });

    [HttpPost("sign-in")]
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
                var principal = CurrentUser.CreatePrincipal(user.Id, user.Email, user.DisplayName, user.Role, CookieAuthenticationDefaults.AuthenticationScheme);
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
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
    public async Task<IActionResult> SignOutUser()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToAction(nameof(SignIn));
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
