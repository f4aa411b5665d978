using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VerifyTrack.Web.Accounts;

namespace VerifyTrack.Web.Digests;

public sealed record UnsubscribeModel(string Token, MailList List, string? Email, bool Done);

/// <summary>
/// The link in every digest's List-Unsubscribe header. A GET shows what it will do; a POST does it, with
/// no sign-in and no antiforgery token: mail clients send the RFC 8058 one-click POST, and the signed
/// token is the authority.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[Route("mail/unsubscribe")]
public sealed class UnsubscribeController(Unsubscribe unsubscribe, UserStore users) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Confirm(string? token, CancellationToken cancellationToken)
    {
        if (unsubscribe.Read(token) is not { } target || await users.FindByIdAsync(target.UserId, cancellationToken) is not { } user)
        {
            return Invalid();
        }

        return View("Unsubscribe", new UnsubscribeModel(token!, target.List, user.Email, Done: false));
    }

    [HttpPost("")]
    public async Task<IActionResult> Unsubscribe(string? token, CancellationToken cancellationToken)
    {
        if (unsubscribe.Read(token) is not { } target || !await users.UnsubscribeAsync(target.UserId, target.List, cancellationToken))
        {
            return Invalid();
        }

        var user = await users.FindByIdAsync(target.UserId, cancellationToken);
        return View("Unsubscribe", new UnsubscribeModel(token!, target.List, user?.Email, Done: true));
    }

    private ViewResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Unsubscribe", new UnsubscribeModel("", MailList.Digests, null, Done: false));
    }
}
