using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.ApiDocs;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Backups;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Dashboard;
using VerifyTrack.Web.Demo;
using VerifyTrack.Web.Desks;
using VerifyTrack.Web.Health;
using VerifyTrack.Web.Intake;
using VerifyTrack.Web.Infrastructure.Cli;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Infrastructure.Jobs;
using VerifyTrack.Web.Infrastructure.Mail;
using VerifyTrack.Web.Reminders;
using VerifyTrack.Web.Digests;
using VerifyTrack.Web.Infrastructure.Web;
using VerifyTrack.Web.PublicStatus;
using VerifyTrack.Web.Similarity;
using VerifyTrack.Web.Webhooks;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // wwwroot sits at the repository root, beside src/, not inside the project.
    WebRootPath = "../../wwwroot",
});

// Time comes from one injectable clock, so tests can move it.
builder.Services.AddSingleton(TimeProvider.System);

// Features
builder.Services.AddDatabase(builder.Configuration);
builder.Services.AddClaims(builder.Configuration);
builder.Services.AddSimilarity();
builder.Services.AddIntake();
builder.Services.AddDashboard(builder.Configuration);
builder.Services.AddAudit();
builder.Services.AddDesks();
builder.Services.AddAccounts(builder.Configuration);
builder.Services.AddDemo(builder.Configuration);
builder.Services.AddPublicStatus(builder.Configuration);
builder.Services.AddMail(builder.Configuration);
builder.Services.AddReminders(builder.Configuration);
builder.Services.AddDigests(builder.Configuration);
builder.Services.AddWebhooks(builder.Configuration);
builder.Services.AddJobs(builder.Configuration);
builder.Services.AddBackups(builder.Configuration);
builder.Services.AddWebApp();
builder.Services.AddApiDocs();
builder.Services.AddProxySupport(builder.Configuration);

var app = builder.Build();

// Command-line verbs run against the same configuration and services, then exit without serving.
if (CommandLine.IsCommand(args))
{
    return await new CommandLine(app.Services, Console.In, Console.Out, Console.Error).RunAsync(args);
}

// HTTP pipeline
app.UseProxySupport();
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    ExceptionHandlingPath = "/error",
    StatusCodeSelector = exception => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        _ when StorageFaults.IsFault(exception) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    },
});
app.UseStatusCodePagesWithReExecute("/errors/{0}");
app.UseSecurityHeaders();
app.UseAsciiLocationHeaders();
app.UseRequiredHost();
app.UseStaticFiles();
app.UseRouting();
app.UseCors();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseJobsDashboard();
app.UseOutputCache();
app.UsePublicConditionalGet();

app.MapHealth();
app.MapControllers();
app.MapApiDocs();

try
{
    await app.RunAsync();
}
catch (MigrationException ex)
{
    // A database the app cannot use (newer, foreign, edited migrations) is the operator's to fix: one line, no stack.
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}

return 0;

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
