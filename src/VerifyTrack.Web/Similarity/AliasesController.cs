using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VerifyTrack.Web.Accounts;

namespace VerifyTrack.Web.Similarity;

/// <summary>An alias group as its form holds it: the main name and the equivalents, one a line.</summary>
public sealed class AliasForm
{
    public string? Name { get; set; }
    public string? Terms { get; set; }

    public static AliasForm From(AliasGroup group) => new() { Name = group.Name, Terms = string.Join('\n', group.Terms) };
}

public sealed record AliasesPageModel(IReadOnlyList<AliasGroup> Groups, AliasForm NewGroup);

public sealed record EditAliasPageModel(AliasGroup Group, AliasForm Form);

/// <summary>The alias list on /admin/aliases: admins add, change and remove groups; every change is audited.</summary>
[Authorize(Roles = Roles.Admin)]
[Route("admin/aliases")]
public sealed class AliasesController(Aliases aliases) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new AliasesPageModel(await aliases.ListAsync(cancellationToken), new AliasForm()));

    [HttpPost("")]
    public async Task<IActionResult> Add([Bind(Prefix = "NewGroup")] AliasForm form, CancellationToken cancellationToken)
    {
        var (group, errors) = await aliases.AddAsync(form.Name, form.Terms, User.ToActor(), cancellationToken);
        if (group is not null)
        {
            TempData["Flash"] = $"Added the alias group {group.Name}.";
            return Redirect("/admin/aliases");
        }

        ModelState.AddFieldErrors("NewGroup", errors);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(nameof(Index), new AliasesPageModel(await aliases.ListAsync(cancellationToken), form));
    }

    [HttpGet("{id:long}")]
    public async Task<IActionResult> Edit(long id, CancellationToken cancellationToken) =>
        (await aliases.ListAsync(cancellationToken)).FirstOrDefault(g => g.Id == id) is { } group
            ? View(new EditAliasPageModel(group, AliasForm.From(group)))
            : NotFound();

    [HttpPost("{id:long}")]
    public async Task<IActionResult> Update(long id, [Bind(Prefix = "Form")] AliasForm form, CancellationToken cancellationToken)
    {
        var errors = await aliases.UpdateAsync(id, form.Name, form.Terms, User.ToActor(), cancellationToken);
        if (errors is null)
        {
            return NotFound();
        }

        if (errors.IsEmpty)
        {
            TempData["Flash"] = $"Saved the alias group {form.Name?.Trim()}.";
            return Redirect("/admin/aliases");
        }

        ModelState.AddFieldErrors("Form", errors);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        var group = (await aliases.ListAsync(cancellationToken)).First(g => g.Id == id);
        return View(nameof(Edit), new EditAliasPageModel(group, form));
    }

    [HttpPost("{id:long}/remove")]
    public async Task<IActionResult> Remove(long id, CancellationToken cancellationToken)
    {
        var removed = await aliases.RemoveAsync(id, User.ToActor(), cancellationToken);
        if (removed is null)
        {
            return NotFound();
        }

        TempData["Flash"] = $"Removed the alias group {removed.Name}.";
        return Redirect("/admin/aliases");
    }
}
