using System.Net;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Accounts;

namespace VerifyTrack.Tests.Desk;

/// <summary>A form value that cannot be read is refused with 400; it never applies the field's default.</summary>
public sealed class UnboundFormTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("maybe")]
    [InlineData("yes please")]
    public async Task AdminUserForm_WithAnUnreadableBoolean_Is400AndTheUserStaysActive(string value)
    {
        var desk = await app.CreateDeskAsync("unbound-" + Guid.NewGuid().ToString("N")[..6]);
        var admin = await FormClient.SignedInAsync(app, await app.CreateUserAsync("admin", desk));
        var editor = await app.CreateUserAsync("editor", desk);

        var response = await admin.PostFormAsync($"/admin/users/{editor.Id}", $"/admin/users/{editor.Id}",
            ("Form.Role", "editor"), ("Form.Desks", desk), ("Form.IsActive", value));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"&#x27;{value}&#x27; is not a value this field can take", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True((await app.Get<UserStore>().FindByIdAsync(editor.Id))!.IsActive);
    }

    [Fact]
    public async Task MailPreferences_WithAnUnreadableBoolean_Is400AndNothingChanges()
    {
        var desk = await app.CreateDeskAsync("prefs-" + Guid.NewGuid().ToString("N")[..6]);
        var lead = await app.CreateUserAsync("desk_lead", desk);
        var browser = await FormClient.SignedInAsync(app, lead);

        var response = await browser.PostFormAsync("/account", "/account/mail", ("digests", "maybe"), ("reminders", "true"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var user = (await app.Get<UserStore>().FindByIdAsync(lead.Id))!;
        Assert.True(user.DigestsEnabled);
        Assert.True(user.RemindersEnabled);
    }
}
