using System.Net;
using VerifyTrack.Tests.Infrastructure;

namespace VerifyTrack.Tests.Desk;

public sealed class AdminPagesTests(AppFactory app) : IClassFixture<AppFactory>, IAsyncLifetime
{
    private string _desk = "";
    private FormClient _admin = null!;
    private TestUser _adminUser = null!;

    public async Task InitializeAsync()
    {
        _desk = await app.CreateDeskAsync("a-" + Guid.NewGuid().ToString("N")[..8]);
        _adminUser = await app.CreateUserAsync("admin", _desk);
        _admin = await FormClient.SignedInAsync(app, _adminUser);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("editor")]
    [InlineData("desk_lead")]
    public async Task AdminPages_OtherRoles_Get403(string role)
    {
        var browser = await FormClient.SignedInAsync(app, await app.CreateUserAsync(role, _desk));

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.Http.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.Http.GetAsync($"/admin/users/{_adminUser.Id}")).StatusCode);
        var post = await browser.PostFormAsync("/account", "/admin/users",
            ("NewUser.Email", "sneaky@newsroom.test"), ("NewUser.Name", "Sneaky"), ("NewUser.Role", "admin"), ("NewUser.Password", "a-long-password"));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Null(await app.Get<VerifyTrack.Web.Accounts.UserStore>().FindByEmailAsync("sneaky@newsroom.test"));
        Assert.Contains("Not allowed", (await post.ReadHtmlAsync()).QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task CreateUser_ThroughTheForm_CanSignIn()
    {
        var page = await _admin.GetPageAsync("/admin");
        var form = "form[action='/admin/users']";
        var response = await _admin.SubmitAsync(page, form, page.FormFields(form)
            .With("NewUser.Email", "nadia@newsroom.test").With("NewUser.Name", "Nadia").With("NewUser.Role", "desk_lead")
            .With("NewUser.Password", "a-long-password").With("NewUser.Desks", _desk));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await new FormClient(app).SignInAsync("nadia@newsroom.test", "a-long-password")).StatusCode);
        var admin = await _admin.GetPageAsync("/admin");
        Assert.Contains("Nadia", admin.QuerySelector("section[aria-labelledby=desks]")!.TextContent);
    }

    [Fact]
    public async Task CreateUser_ThroughTheForm_ChoosesTheirOwnPasswordAtFirstSignIn()
    {
        var page = await _admin.GetPageAsync("/admin");
        var form = "form[action='/admin/users']";
        await _admin.SubmitAsync(page, form, page.FormFields(form)
            .With("NewUser.Email", "omar@newsroom.test").With("NewUser.Name", "Omar").With("NewUser.Role", "editor")
            .With("NewUser.Password", "temporary-pass-2026").With("NewUser.Desks", _desk));
        var browser = new FormClient(app);

        var signIn = await browser.SignInAsync("omar@newsroom.test", "temporary-pass-2026");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/account/password", signIn.Headers.Location!.OriginalString);
        Assert.Equal("/account/password", (await browser.Http.GetAsync("/queue")).Headers.Location!.OriginalString);
        var changed = await browser.PostFormAsync("/account/password", "/account/password",
            ("CurrentPassword", "temporary-pass-2026"), ("NewPassword", "omars-own-passphrase"), ("ConfirmPassword", "omars-own-passphrase"));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/queue")).StatusCode);
        Assert.False((await app.Get<VerifyTrack.Web.Accounts.UserStore>().FindByEmailAsync("omar@newsroom.test"))!.MustChangePassword);
    }

    [Fact]
    public async Task CreateUser_BadInput_ShowsErrorsNextToTheFields()
    {
        var page = await _admin.GetPageAsync("/admin");
        var form = "form[action='/admin/users']";
        var response = await _admin.SubmitAsync(page, form, page.FormFields(form).With("NewUser.Email", "not-an-email").With("NewUser.Name", "X").With("NewUser.Password", "short"));
        var result = await response.ReadHtmlAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("e-mail address", result.QuerySelector("[data-valmsg-for='NewUser.Email']")!.TextContent);
        Assert.Contains("at least 10", result.QuerySelector("[data-valmsg-for='NewUser.Password']")!.TextContent);
        Assert.Equal("not-an-email", result.Value("#NewUser_Email"));
    }

    [Fact]
    public async Task DeactivateUser_EndsTheirSessionBlocksSignInAndKeepsTheirHistory()
    {
        var editor = await app.CreateUserAsync("editor", _desk);
        var claim = await app.ApiClient(editor.Token).CreateClaimAsync(_desk, "Claim by a soon-deactivated editor");
        var session = await FormClient.SignedInAsync(app, editor);

        var page = await _admin.GetPageAsync($"/admin/users/{editor.Id}");
        var form = $"form[action='/admin/users/{editor.Id}']";
        var fields = page.FormFields(form);
        fields.RemoveAll(f => f.Name == "Form.IsActive" && f.Value == "true");
        var saved = await _admin.SubmitAsync(page, form, fields);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.Http.GetAsync("/queue")).StatusCode);
        var signIn = await new FormClient(app).SignInAsync(editor.Email, editor.Password);
        Assert.Contains("deactivated", await signIn.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ApiClient(editor.Token).GetAsync("/api/v1/claims")).StatusCode);
        var claimPage = await _admin.GetPageAsync($"/claims/{claim.Id()}");
        Assert.Contains(editor.Email, claimPage.QuerySelector(".timeline")!.TextContent);
        var audit = await _admin.GetPageAsync("/audit?kind=user.updated");
        Assert.Contains(editor.Email, audit.QuerySelector("table.audit-table tbody")!.TextContent);
    }

    [Fact]
    public async Task RoleChange_TakesEffectOnTheUsersNextRequest()
    {
        var editor = await app.CreateUserAsync("editor", _desk);
        var session = await FormClient.SignedInAsync(app, editor);
        Assert.Equal(HttpStatusCode.Forbidden, (await session.Http.GetAsync("/admin")).StatusCode);

        var page = await _admin.GetPageAsync($"/admin/users/{editor.Id}");
        var form = $"form[action='/admin/users/{editor.Id}']";
        await _admin.SubmitAsync(page, form, page.FormFields(form).With("Form.Role", "admin"));

        Assert.Equal(HttpStatusCode.OK, (await session.Http.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task Admin_CannotLockThemselfOut()
    {
        var page = await _admin.GetPageAsync($"/admin/users/{_adminUser.Id}");
        var form = $"form[action='/admin/users/{_adminUser.Id}']";

        var response = await _admin.SubmitAsync(page, form, page.FormFields(form).With("Form.Role", "editor"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("cannot remove your own admin role", (await response.ReadHtmlAsync()).QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await _admin.Http.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task Desks_AreCreatedAndEdited_WithTimeZonesChecked()
    {
        var page = await _admin.GetPageAsync("/admin");
        var slug = "d" + Guid.NewGuid().ToString("N")[..6];
        await _admin.SubmitAsync(page, "form[action='/admin/desks']", page.FormFields("form[action='/admin/desks']")
            .With("NewDesk.Slug", slug).With("NewDesk.Name", "Security").With("NewDesk.TimeZone", "Europe/Moscow"));

        page = await _admin.GetPageAsync("/admin");
        var editForm = $"form[action='/admin/desks/{slug}']";
        await _admin.SubmitAsync(page, editForm, page.FormFields(editForm).With("timeZone", "Mars/Olympus"));
        var refused = await _admin.GetPageAsync("/admin");
        Assert.Contains("not a known time zone", refused.QuerySelector(".flash-error")!.TextContent);

        await _admin.SubmitAsync(refused, editForm, refused.FormFields(editForm).With("name", "Security & Defence").With("timeZone", "Asia/Beirut"));
        var desks = await app.Get<VerifyTrack.Web.Desks.DeskStore>().ListAsync();
        var desk = desks.Single(d => d.Slug == slug);
        Assert.Equal(("Security & Defence", "Asia/Beirut"), (desk.Name, desk.TimeZone));
    }

    [Fact]
    public async Task TokensOverview_AdminRevokesAnyonesToken()
    {
        var editor = await app.CreateUserAsync("editor", _desk);
        var page = await _admin.GetPageAsync("/admin");
        var row = page.QuerySelectorAll("section[aria-labelledby=tokens] tbody tr").First(r => r.TextContent.Contains(editor.Email, StringComparison.Ordinal));
        var action = row.QuerySelector("form")!.GetAttribute("action")!;

        await _admin.Http.PostAsync(action, new FormUrlEncodedContent(
            page.FormFields($"form[action='{action}']").Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ApiClient(editor.Token).GetAsync("/api/v1/claims")).StatusCode);
    }
}
