using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Accounts;

public static class AccountsServiceCollectionExtensions
{
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccountOptions>()
            .Bind(configuration.GetSection(AccountOptions.Section))
            .Validate(o => o.MaxFailedSignIns >= 1, "Accounts:MaxFailedSignIns must be at least 1.")
            .Validate(o => o.LockoutDuration > TimeSpan.Zero, "Accounts:LockoutDuration must be a positive duration such as 00:15:00.")
            .Validate(o => o.MinPasswordLength >= 8, "Accounts:MinPasswordLength must be at least 8.")
            .Validate(o => o.CookieLifetime > TimeSpan.Zero, "Accounts:CookieLifetime must be a positive duration.")
            .ValidateOnStart();

        services.AddSingleton<PasswordHashing>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<SignInService>();
        services.AddSingleton<UserSessions>();
        services.AddSingleton<Passwords>();
        services.AddSingleton<ApiTokens>();
        services.Configure<MvcOptions>(mvc => mvc.Filters.Add(new PasswordChangeRequiredFilter()));

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, _ => { })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AccountOptions>>((cookie, accounts) =>
            {
                cookie.LoginPath = "/account/sign-in";
                cookie.LogoutPath = "/account/sign-out";
                cookie.Cookie.Name = "verifytrack.auth";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.ExpireTimeSpan = accounts.Value.CookieLifetime;
                cookie.SlidingExpiration = true;
                cookie.Events.OnValidatePrincipal = SessionValidation.ValidateAsync;

                // A signed-in user without the role gets a plain 403 (rendered as a page), not a redirect.
                cookie.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });
        services.AddAuthorization();

        // Sign-in cookies survive restarts: the keys that protect them live beside the database.
        services.AddDataProtection().SetApplicationName("VerifyTrack");
        services.AddOptions<KeyManagementOptions>()
            .Configure<Database, ILoggerFactory>((keys, database, loggers) =>
                keys.XmlRepository = new FileSystemXmlRepository(
                    new DirectoryInfo(Path.Combine(Path.GetDirectoryName(database.FilePath)!, "keys")), loggers));
        return services;
    }
}
