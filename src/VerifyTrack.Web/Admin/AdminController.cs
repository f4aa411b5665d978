using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Desks;

namespace VerifyTrack.Web.Admin;

public sealed class NewUserForm
{
    public string? Email { get; set; }
    public string? Name { get; set; }
    public string? Role { get; set; } = Roles.Editor;
    public string? Password { get; set; }
    public List<string> Desks { get; set; } = [];
}

public sealed class NewDeskForm
{
    public string? Slug { get; set; }
    public string? Name { get; set; }
    public string? TimeZone { get; set; } = "Europe/London";
}

public sealed class EditUserForm
{
    public string? Role { get; set; }
    public List<string> Desks { get; set; } = [];
    public bool IsActive { get; set; }
}

public sealed record AdminPageModel(
    IReadOnlyList<UserListItem> Users,
    IReadOnlyList<DeskListItem> Desks,
    IReadOnlyList<TokenOverviewItem> Tokens,
    NewUserForm NewUser,
    NewDeskForm NewDesk);

public sealed record EditUserPageModel(UserListItem User, IReadOnlyList<DeskListItem> Desks, EditUserForm Form);

[Authorize(Roles = Roles.Admin)]
[Route("admin")]
public sealed class AdminController(UserStore users, Passwords passwords, DeskStore desks, ApiTokens tokens) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await PageAsync(new NewUserForm(), new NewDeskForm(), cancellationToken));

    [HttpPost("users")]
    public async Task<IActionResult> CreateUser([Bind(Prefix = "NewUser")] NewUserForm form, CancellationToken cancellationToken)
    {
        var (user, errors) = await users.CreateAsync(
            new NewUser(form.Email, form.Name, form.Role, form.Password, form.Desks, MustChangePassword: true), User.ToActor(), cancellationToken);
        if (user is not null)
        {
            TempData["Flash"] = $"Added {user.Email}. Give them their temporary password by a safe channel; they must choose their own when they first sign in.";
            return Redirect("/admin");
        }

        ModelState.AddFieldErrors("NewUser", errors);
        form.Password = null;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(nameof(Index), await PageAsync(form, new NewDeskForm(), cancellationToken));
    }

    [HttpGet("users/{id:long}")]
    public async Task<IActionResult> EditUser(long id, CancellationToken cancellationToken)
    {
        var user = (await users.ListAllAsync(cancellationToken)).FirstOrDefault(u => u.Id == id);
        if (user is null)
        {
            return NotFound();
        }

        var form = new EditUserForm { Role = user.Role, Desks = user.DeskSlugs.ToList(), IsActive = user.IsActive };
        return View(new EditUserPageModel(user, await desks.ListWithLeadsAsync(cancellationToken), form));
    }

    [HttpPost("users/{id:long}")]
    public async Task<IActionResult> UpdateUser(long id, [Bind(Prefix = "Form")] EditUserForm form, CancellationToken cancellationToken)
    {
        var user = (await users.ListAllAsync(cancellationToken)).FirstOrDefault(u => u.Id == id);
        if (user is null)
        {
            return NotFound();
        }

        var errors = await users.UpdateAsync(id, new UserChange(form.Role, form.Desks, form.IsActive), User.ToActor(), cancellationToken);
        if (errors.IsEmpty)
        {
            TempData["Flash"] = $"Saved {user.Email}.";
            return Redirect("/admin");
        }

        ModelState.AddFieldErrors("Form", errors);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(nameof(EditUser), new EditUserPageModel(user, await desks.ListWithLeadsAsync(cancellationToken), form));
    }

    [HttpPost("users/{id:long}/password")]
    public async Task<IActionResult> ResetPassword(long id, string? temporaryPassword, CancellationToken cancellationToken)
    {
        var user = (await users.ListAllAsync(cancellationToken)).FirstOrDefault(u => u.Id == id);
        if (user is null)
        {
            return NotFound();
        }

        var errors = await passwords.ResetAsync(id, temporaryPassword, User.ToActor(), cancellationToken);
        if (errors.IsEmpty)
        {
            TempData["Flash"] = $"Set a temporary password for {user.Email} and signed them out everywhere. They must choose their own at their next sign-in; their API tokens keep working.";
            return Redirect($"/admin/users/{id}");
        }

        foreach (var message in errors.ToDictionary().SelectMany(e => e.Value))
        {
            ModelState.AddModelError("TemporaryPassword", message);
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        var form = new EditUserForm { Role = user.Role, Desks = user.DeskSlugs.ToList(), IsActive = user.IsActive };
        return View(nameof(EditUser), new EditUserPageModel(user, await desks.ListWithLeadsAsync(cancellationToken), form));
    }

    [HttpPost("desks")]
    public async Task<IActionResult> CreateDesk([Bind(Prefix = "NewDesk")] NewDeskForm form, CancellationToken cancellationToken)
    {
        var (desk, errors) = await desks.AddAsync(form.Slug, form.Name, form.TimeZone, User.ToActor(), cancellationToken);
        if (desk is not null)
        {
            TempData["Flash"] = $"Added the {desk.Name} desk.";
            return Redirect("/admin");
        }

        ModelState.AddFieldErrors("NewDesk", errors);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(nameof(Index), await PageAsync(new NewUserForm(), form, cancellationToken));
    }

    [HttpPost("desks/{slug}")]
    public async Task<IActionResult> UpdateDesk(string slug, string? name, string? timeZone, CancellationToken cancellationToken)
    {
        var errors = await desks.UpdateAsync(slug, name, timeZone, User.ToActor(), cancellationToken);
        TempData["Flash"] = errors.IsEmpty ? $"Saved the {slug} desk." : string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value));
        TempData["FlashIsError"] = !errors.IsEmpty;
        return Redirect("/admin#desks");
    }

    [HttpPost("tokens/{id:long}/revoke")]
    public async Task<IActionResult> RevokeToken(long id, long ownerId, CancellationToken cancellationToken)
    {
        var revoked = await tokens.RevokeAsync(ownerId, id, User.ToActor(), cancellationToken);
        TempData["Flash"] = revoked ? $"Revoked token {id}." : $"Token {id} was already revoked.";
        return Redirect("/admin#tokens");
    }

    private async Task<AdminPageModel> PageAsync(NewUserForm newUser, NewDeskForm newDesk, CancellationToken cancellationToken) =>
        new(await users.ListAllAsync(cancellationToken), await desks.ListWithLeadsAsync(cancellationToken), await tokens.ListAllAsync(cancellationToken), newUser, newDesk);
}
