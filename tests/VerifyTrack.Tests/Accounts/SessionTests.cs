using System.Net;
using Dapper;
using Microsoft.AspNetCore.Mvc.Testing;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Tests.Accounts;

public sealed class SessionTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string NewPassword = "a-brand-new-passphrase";

    [Fact]
    public async Task SignOut_ACopyOfTheCookieTakenBefore_IsRedirectedToSignInAfter()
    {
        var user = await app.CreateUserAsync("editor");
        var browser = new FormClient(app);
        var copy = CopyOfAuthCookie(await browser.SignInAsync(user.Email, user.Password));
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/account")).StatusCode);

        await browser.PostFormAsync("/account", "/account/sign-out");

        AssertSentToSignIn(await copy.GetAsync("/account"));
        AssertSentToSignIn(await browser.Http.GetAsync("/account"));
    }

    [Fact]
    public async Task SignOutEverywhere_TwoClientsOfTheSameUser_AreBothSignedOut()
    {
        var user = await app.CreateUserAsync("editor");
        var first = await FormClient.SignedInAsync(app, user);
        var second = await FormClient.SignedInAsync(app, user);
        var other = await FormClient.SignedInAsync(app, await app.CreateUserAsync("editor"));

        var response = await first.PostFormAsync("/account", "/account/sign-out-everywhere");

        AssertSentToSignIn(response);
        AssertSentToSignIn(await first.Http.GetAsync("/account"));
        AssertSentToSignIn(await second.Http.GetAsync("/account"));
        Assert.Equal(HttpStatusCode.OK, (await other.Http.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await new FormClient(app).SignInAsync(user.Email, user.Password)).StatusCode);
    }

    [Fact]
    public async Task ChangePassword_WrongCurrentPassword_IsRefusedWithAMessage()
    {
        var user = await app.CreateUserAsync("editor");
        var browser = await FormClient.SignedInAsync(app, user);

        var response = await browser.PostFormAsync("/account", "/account/password",
            ("CurrentPassword", "not-my-password"), ("NewPassword", NewPassword), ("ConfirmPassword", NewPassword));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("current password is not right", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await new FormClient(app).SignInAsync(user.Email, user.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await new FormClient(app).SignInAsync(user.Email, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task ChangePassword_NewPasswordsDiffer_IsRefused()
    {
        var user = await app.CreateUserAsync("editor");
        var browser = await FormClient.SignedInAsync(app, user);

        var response = await browser.PostFormAsync("/account", "/account/password",
            ("CurrentPassword", user.Password), ("NewPassword", NewPassword), ("ConfirmPassword", NewPassword + "x"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("two new passwords differ", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await new FormClient(app).SignInAsync(user.Email, NewPassword)).StatusCode);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("              ")]
    public async Task ChangePassword_TooShortOrOnlySpaces_IsRefused(string password)
    {
        var user = await app.CreateUserAsync("editor");
        var browser = await FormClient.SignedInAsync(app, user);

        var response = await browser.PostFormAsync("/account", "/account/password",
            ("CurrentPassword", user.Password), ("NewPassword", password), ("ConfirmPassword", password));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at least 10 characters, not only spaces", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ChangePassword_Success_SignsOutTheOtherClientKeepsThisOne_AndIsAuditedWithoutThePassword()
    {
        var user = await app.CreateUserAsync("editor");
        var browser = new FormClient(app);
        var copy = CopyOfAuthCookie(await browser.SignInAsync(user.Email, user.Password));
        var other = await FormClient.SignedInAsync(app, user);

        var response = await browser.PostFormAsync("/account", "/account/password",
            ("CurrentPassword", user.Password), ("NewPassword", NewPassword), ("ConfirmPassword", NewPassword));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var account = await browser.Http.GetAsync("/account");
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        Assert.Contains("Your password is changed", await account.Content.ReadAsStringAsync());
        AssertSentToSignIn(await other.Http.GetAsync("/account"));
        AssertSentToSignIn(await copy.GetAsync("/account"));
        Assert.Equal(HttpStatusCode.Redirect, (await new FormClient(app).SignInAsync(user.Email, NewPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await new FormClient(app).SignInAsync(user.Email, user.Password)).StatusCode);

        var details = await UserUpdatedDetailsAsync(user.Id);
        var passwordChange = Assert.Single(details, d => d.Contains("\"password\"", StringComparison.Ordinal));
        Assert.Contains("changed by the user", passwordChange);
        await AssertNoSecretsAsync(details, user.Id, user.Password, NewPassword);
    }

    [Fact]
    public async Task AdminReset_EndsTheUsersSessions_AndTheTemporaryPasswordLeadsToTheForcedChangeUntilDone()
    {
        const string temporary = "temporary-pass-2026";
        var admin = await FormClient.SignedInAsync(app, await app.CreateUserAsync("admin"));
        var user = await app.CreateUserAsync("editor");
        var signedIn = await FormClient.SignedInAsync(app, user);

        var reset = await admin.PostFormAsync($"/admin/users/{user.Id}", $"/admin/users/{user.Id}/password", ("temporaryPassword", temporary));

        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        AssertSentToSignIn(await signedIn.Http.GetAsync("/account"));
        Assert.Equal(HttpStatusCode.BadRequest, (await new FormClient(app).SignInAsync(user.Email, user.Password)).StatusCode);

        var browser = new FormClient(app);
        var signIn = await browser.SignInAsync(user.Email, temporary);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/account/password", signIn.Headers.Location!.OriginalString);
        foreach (var path in new[] { "/", "/queue", "/account", "/claims/new", "/audit" })
        {
            var elsewhere = await browser.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);
            Assert.Equal("/account/password", elsewhere.Headers.Location!.OriginalString);
        }

        Assert.Contains("temporary password", await browser.Http.GetStringAsync("/account/password"));
        Assert.Equal(HttpStatusCode.OK, (await app.ApiClient(user.Token).GetAsync("/api/v1/claims")).StatusCode);

        var change = await browser.PostFormAsync("/account/password", "/account/password",
            ("CurrentPassword", temporary), ("NewPassword", NewPassword), ("ConfirmPassword", NewPassword));

        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/account")).StatusCode);
        var details = await UserUpdatedDetailsAsync(user.Id);
        Assert.Contains(details, d => d.Contains("reset by an admin", StringComparison.Ordinal));
        await AssertNoSecretsAsync(details, user.Id, temporary, NewPassword);
    }

    [Fact]
    public async Task AdminReset_TooShortTemporaryPassword_IsRefusedAndChangesNothing()
    {
        var admin = await FormClient.SignedInAsync(app, await app.CreateUserAsync("admin"));
        var user = await app.CreateUserAsync("editor");
        var signedIn = await FormClient.SignedInAsync(app, user);

        var reset = await admin.PostFormAsync($"/admin/users/{user.Id}", $"/admin/users/{user.Id}/password", ("temporaryPassword", "short"));

        Assert.Equal(HttpStatusCode.BadRequest, reset.StatusCode);
        Assert.Contains("at least 10 characters", await reset.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await signedIn.Http.GetAsync("/account")).StatusCode);
    }

    [Fact]
    public async Task Housekeeping_PrunesSessionsEndedOrUnseenForACookieLifetime_AndKeepsOnesStillInUse()
    {
        await using var own = new AppFactory();
        var lifetime = own.Get<Microsoft.Extensions.Options.IOptions<VerifyTrack.Web.Accounts.AccountOptions>>().Value.CookieLifetime;
        var inUse = await FormClient.SignedInAsync(own, await own.CreateUserAsync("editor"));
        var signedOut = await FormClient.SignedInAsync(own, await own.CreateUserAsync("editor"));
        await signedOut.PostFormAsync("/account", "/account/sign-out");
        var idle = await own.CreateUserAsync("editor");
        await FormClient.SignedInAsync(own, idle);
        var runner = own.Get<VerifyTrack.Web.Infrastructure.Jobs.JobRunner>();

        own.Clock.Advance(lifetime / 2 + TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, (await inUse.Http.GetAsync("/account")).StatusCode);
        Assert.EndsWith(" 0 old sign-in sessions pruned", (await runner.RunAsync("housekeeping", "test")).Summary);

        own.Clock.Advance(lifetime / 2);
        var run = await runner.RunAsync("housekeeping", "test");

        Assert.EndsWith(" 2 old sign-in sessions pruned", run.Summary);
        await using (var connection = await own.Get<Database>().OpenAsync())
        {
            Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM user_sessions"));
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM user_sessions WHERE user_id = @Id", new { idle.Id }));
        }

        Assert.Equal(HttpStatusCode.OK, (await inUse.Http.GetAsync("/account")).StatusCode);
    }

    private HttpClient CopyOfAuthCookie(HttpResponseMessage signIn)
    {
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie")
            .Select(header => header.Split(';')[0])
            .Single(pair => pair.StartsWith("verifytrack.auth=", StringComparison.Ordinal));
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private static void AssertSentToSignIn(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith("/account/sign-in", location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString);
    }

    private async Task<List<string>> UserUpdatedDetailsAsync(long userId)
    {
        await using var connection = await app.Get<Database>().OpenAsync();
        var rows = await connection.QueryAsync<string>(
            "SELECT details FROM audit_events WHERE kind = 'user.updated' AND details ->> '$.userId' = @userId ORDER BY id",
            new { userId });
        return rows.AsList();
    }

    private async Task AssertNoSecretsAsync(List<string> details, long userId, params string[] passwords)
    {
        await using var connection = await app.Get<Database>().OpenAsync();
        var hash = await connection.ExecuteScalarAsync<string>("SELECT password_hash FROM users WHERE id = @userId", new { userId });
        foreach (var detail in details)
        {
            Assert.DoesNotContain(hash!, detail, StringComparison.Ordinal);
            foreach (var password in passwords)
            {
                Assert.DoesNotContain(password, detail, StringComparison.Ordinal);
            }
        }
    }
}
