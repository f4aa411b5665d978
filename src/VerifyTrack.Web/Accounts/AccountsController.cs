using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace VerifyTrack.Web.Accounts;

public sealed class SignInForm
{
    [Required(ErrorMessage = "Enter your e-mail address.")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Enter your password.")]
    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed record AccountPage(string Email, string Name, IReadOnlyList<ApiTokenRow> Tokens, string? NewToken, string? NewTokenLabel);

[Route("account")]
public sealed class AccountsController(SignInService signIn, ApiTokens tokens, TimeProvider clock) : Controller
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
            case SignInOutcome.LockedOut:
                var minutes = (int)Math.Ceiling((result.LockedUntil!.Value - clock.GetUtcNow()).TotalMinutes);
                ModelState.AddModelError("", $"Too many failed sign-ins: this account is locked for {minutes} more minute(s).");
                break;
            case SignInOutcome.Deactivated:
                ModelState.AddModelError("", "This account has been deactivated. Ask an admin if you need access.");
                break;
            default:
                ModelState.AddModelError("", "The e-mail or password is not right.");
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

    [HttpGet("denied")]
    [AllowAnonymous]
    public IActionResult Denied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }

    [HttpGet("")]
    [Authorize]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new AccountPage(User.Email(), User.Identity!.Name ?? "", await tokens.ListAsync(User.Id(), cancellationToken), null, null));

    [HttpPost("tokens")]
    [Authorize]
    public async Task<IActionResult> CreateToken(string? label, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(label) || label.Length > 100)
        {
            ModelState.AddModelError("label", "Give the token a label of 1–100 characters, such as 'newsroom-bot'.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Index), new AccountPage(User.Email(), User.Identity!.Name ?? "", await tokens.ListAsync(User.Id(), cancellationToken), null, null));
        }

        var (token, _) = await tokens.CreateAsync(User.Id(), label.Trim(), User.ToActor(), cancellationToken);
        return View(nameof(Index), new AccountPage(User.Email(), User.Identity!.Name ?? "", await tokens.ListAsync(User.Id(), cancellationToken), token, label.Trim()));
    }

    [HttpPost("tokens/{id:long}/revoke")]
    [Authorize]
    public async Task<IActionResult> RevokeToken(long id, CancellationToken cancellationToken)
    {
        await tokens.RevokeAsync(User.Id(), id, User.ToActor(), cancellationToken);
        return RedirectToAction(nameof(Index));
    }
}
