using System.Net;
using Dapper;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Tests.Accounts;

public sealed class SignInTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task SignIn_WithAntiforgeryToken_SignsInAndRedirectsToTheLocalReturnUrl()
    {
        var user = await app.CreateUserAsync("editor");
        var browser = new FormClient(app);

        var response = await browser.PostFormAsync("/account/sign-in?returnUrl=%2Faccount", "/account/sign-in",
            ("Email", user.Email), ("Password", user.Password), ("ReturnUrl", "/account"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account", response.Headers.Location!.OriginalString);
        var account = await browser.Http.GetAsync("/account");
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        Assert.Contains(user.Email, await account.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignIn_ExternalReturnUrl_IsIgnored()
    {
        var user = await app.CreateUserAsync("editor");

        var response = await new FormClient(app).PostFormAsync("/account/sign-in", "/account/sign-in",
            ("Email", user.Email), ("Password", user.Password), ("ReturnUrl", "https://evil.example/phish"));

        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignIn_WithoutAntiforgeryToken_IsRefused()
    {
        var user = await app.CreateUserAsync("editor");
        var browser = new FormClient(app);

        var response = await browser.Http.PostAsync("/account/sign-in", new FormUrlEncodedContent(
            [new("Email", user.Email), new("Password", user.Password)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Http.GetAsync("/account")).StatusCode);
    }

    [Fact]
    public async Task SignIn_WrongPassword_ShowsTheErrorOnTheFormAndKeepsTheEmail()
    {
        var user = await app.CreateUserAsync("editor");

        var response = await new FormClient(app).SignInAsync(user.Email, "wrong-password");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("e-mail or password is not right", html);
        Assert.Contains($"value=\"{user.Email}\"", html);
    }

    [Fact]
    public async Task SignIn_FiveFailures_LockTheAccountForFifteenMinutesEvenWithTheRightPassword()
    {
        var user = await app.CreateUserAsync("editor");
        var browser = new FormClient(app);
        for (var i = 0; i < 5; i++)
        {
            await browser.SignInAsync(user.Email, "wrong-password");
        }

        var locked = await browser.SignInAsync(user.Email, user.Password);
        Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
        var lockedPage = await locked.Content.ReadAsStringAsync();
        Assert.Contains("locked for 15 minutes", lockedPage);
        var unknownPage = await (await browser.SignInAsync("nobody@newsroom.test", "whatever-password")).Content.ReadAsStringAsync();
        Assert.Equal(ErrorText(lockedPage), ErrorText(unknownPage));

        app.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.SignInAsync(user.Email, user.Password)).StatusCode);

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(user.Email, user.Password)).StatusCode);
    }

    [Fact]
    public async Task SignIn_ParallelGuesses_CannotOutrunTheLockout_AndTheCountStartsAfreshAfterIt()
    {
        var user = await app.CreateUserAsync("editor");

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => new FormClient(app).SignInAsync(user.Email, "wrong-password")));

        Assert.Equal(HttpStatusCode.BadRequest, (await new FormClient(app).SignInAsync(user.Email, user.Password)).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(15));
        for (var i = 0; i < 4; i++)
        {
            await new FormClient(app).SignInAsync(user.Email, "wrong-password");
        }

        Assert.Equal(HttpStatusCode.Redirect, (await new FormClient(app).SignInAsync(user.Email, user.Password)).StatusCode);
    }

    [Fact]
    public async Task Session_UserDeactivatedWhileSignedIn_IsSignedOutOnTheNextRequest()
    {
        var user = await app.CreateUserAsync("editor");
        var browser = new FormClient(app);
        await browser.SignInAsync(user.Email, user.Password);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/account")).StatusCode);

        await using (var connection = await app.Get<Database>().OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE users SET is_active = 0 WHERE id = @Id", new { user.Id });
        }

        var response = await browser.Http.GetAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task SignIn_FourFailuresThenSuccess_ResetsTheCount()
    {
        var user = await app.CreateUserAsync("editor");
        var browser = new FormClient(app);
        for (var i = 0; i < 4; i++)
        {
            await browser.SignInAsync(user.Email, "wrong-password");
        }

        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(user.Email, user.Password)).StatusCode);
        for (var i = 0; i < 4; i++)
        {
            await browser.SignInAsync(user.Email, "wrong-password");
        }

        Assert.Equal(HttpStatusCode.Redirect, (await new FormClient(app).SignInAsync(user.Email, user.Password)).StatusCode);
    }

    [Fact]
    public async Task SignIn_DeactivatedUser_IsRefused()
    {
        var user = await app.CreateUserAsync("editor");
        await using (var connection = await app.Get<Database>().OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE users SET is_active = 0 WHERE id = @Id", new { user.Id });
        }

        var response = await new FormClient(app).SignInAsync(user.Email, user.Password);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("deactivated", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("verifytrack.auth", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/account")]
    [InlineData("/queue")]
    [InlineData("/claims/new")]
    [InlineData("/claims/1")]
    [InlineData("/audit")]
    [InlineData("/audit/export.csv")]
    [InlineData("/admin")]
    public async Task EditorPages_Anonymous_RedirectToSignIn(string path)
    {
        var response = await new FormClient(app).Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        var user = await app.CreateUserAsync("editor");
        var browser = new FormClient(app);
        await browser.SignInAsync(user.Email, user.Password);

        var response = await browser.PostFormAsync("/account", "/account/sign-out");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Http.GetAsync("/account")).StatusCode);
    }

    [Fact]
    public async Task TokensPage_CreatesATokenShownOnce_ThatWorksUntilRevoked()
    {
        var user = await app.CreateUserAsync("editor");
        var browser = new FormClient(app);
        await browser.SignInAsync(user.Email, user.Password);

        var created = await browser.PostFormAsync("/account", "/account/tokens", ("label", "newsroom-bot"));
        var html = await created.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "<code class=\"token\">(vt_[^<]+)</code>").Groups[1].Value;
        Assert.NotEmpty(token);
        Assert.Equal(HttpStatusCode.OK, (await app.ApiClient(token).GetAsync("/api/v1/claims")).StatusCode);
        Assert.DoesNotContain(token, await browser.Http.GetStringAsync("/account"));

        var tokenId = (await app.Get<VerifyTrack.Web.Accounts.ApiTokens>().ListAsync(user.Id)).First(t => t.Label == "newsroom-bot").Id;
        await browser.PostFormAsync("/account", $"/account/tokens/{tokenId}/revoke");

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ApiClient(token).GetAsync("/api/v1/claims")).StatusCode);
    }

    [Fact]
    public async Task TokensPage_EmptyLabel_ShowsTheErrorNextToTheField()
    {
        var user = await app.CreateUserAsync("editor");
        var browser = new FormClient(app);
        await browser.SignInAsync(user.Email, user.Password);

        var response = await browser.PostFormAsync("/account", "/account/tokens", ("label", " "));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Give the token a label", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignIn_LockedOrUnknownAccount_SpendsOnePasswordVerificationLikeAWrongPassword()
    {
        var locked = await app.CreateUserAsync("editor");
        var unlocked = await app.CreateUserAsync("editor");
        var browser = new FormClient(app);
        for (var i = 0; i < 5; i++)
        {
            await browser.SignInAsync(locked.Email, "wrong-password");
        }

        var hashing = app.Get<VerifyTrack.Web.Accounts.PasswordHashing>();
        async Task<long> VerificationsForAsync(string email, string password)
        {
            var before = hashing.Verifications;
            var response = await browser.SignInAsync(email, password);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return hashing.Verifications - before;
        }

        Assert.Equal(1, await VerificationsForAsync(unlocked.Email, "wrong-password"));
        Assert.Equal(1, await VerificationsForAsync(locked.Email, locked.Password));
        Assert.Equal(1, await VerificationsForAsync(locked.Email, "wrong-password"));
        Assert.Equal(1, await VerificationsForAsync("nobody-here@newsroom.test", "whatever-password"));
    }

    private static string ErrorText(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "<li>([^<]*)</li>").Groups[1].Value;
}
