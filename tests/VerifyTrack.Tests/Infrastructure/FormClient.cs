using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace VerifyTrack.Tests.Infrastructure;

/// <summary>A browser-like client for the MVC pages: keeps cookies and posts forms with their antiforgery token.</summary>
public sealed partial class FormClient(AppFactory app)
{
    public HttpClient Http { get; } = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<string> AntiforgeryTokenAsync(string pagePath)
    {
        var html = await Http.GetStringAsync(pagePath);
        var match = TokenInput().Match(html);
        Assert.True(match.Success, $"No antiforgery token on {pagePath}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public async Task<HttpResponseMessage> PostFormAsync(string pagePath, string action, params (string Name, string Value)[] fields)
    {
        var token = await AntiforgeryTokenAsync(pagePath);
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__RequestVerificationToken", token));
        return await Http.PostAsync(action, new FormUrlEncodedContent(form));
    }

    public static async Task<FormClient> SignedInAsync(AppFactory app, TestUser user)
    {
        var browser = new FormClient(app);
        var response = await browser.SignInAsync(user.Email, user.Password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    public Task<HttpResponseMessage> SignInAsync(string email, string password) =>
        PostFormAsync("/account/sign-in", "/account/sign-in", ("Email", email), ("Password", password));

    [GeneratedRegex("""name="__RequestVerificationToken"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="__RequestVerificationToken" """)]
    private static partial Regex TokenInput();
}
