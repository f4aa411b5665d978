using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Tests.Mail;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Desks;

namespace VerifyTrack.BrowserTests;

/// <summary>The app over real Kestrel on a loopback port, with its own SQLite file, SMTP server and clock.</summary>
public sealed class KestrelApp : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "verifytrack-browser", Guid.NewGuid().ToString("N"));

    public KestrelApp(int smtpPort)
    {
        SmtpPort = smtpPort;
        UseKestrel(0);
    }

    public int SmtpPort { get; }

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero));

    public string BaseUrl => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Path"] = Path.Combine(_folder, "browser.db"),
            ["Demo:Seed"] = "false",
            ["Jobs:Enabled"] = "false",
            ["Jobs:PollInterval"] = "00:00:00.050",
            ["Mail:Delivery"] = "smtp",
            ["Mail:Host"] = "127.0.0.1",
            ["Mail:Port"] = SmtpPort.ToString(CultureInfo.InvariantCulture),
            ["Mail:TimeoutSeconds"] = "5",
            ["PublicStatus:RateLimit:PermitLimit"] = "100000",
            // The tests' webhook receiver listens on loopback.
            ["Webhooks:AllowPrivateNetworks"] = "true",
        }));
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(_folder))
            {
                Directory.Delete(_folder, recursive: true);
            }
        }
    }
}

public sealed record Person(string Email, string Password, string Name);

/// <summary>One app, SMTP server and Chromium for the whole collection; each test opens fresh browser contexts.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Password = "correct-horse-battery";

    private IPlaywright? _playwright;

    public SmtpServer Smtp { get; } = new();

    public KestrelApp App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public Person Editor { get; private set; } = null!;

    public Person SecondEditor { get; private set; } = null!;

    public Person Lead { get; private set; } = null!;

    public Person Admin { get; private set; } = null!;

    public static string Artifacts { get; } = Path.Combine(RepositoryRoot(), "tests", "VerifyTrack.BrowserTests", "artifacts");

    public async Task InitializeAsync()
    {
        await Smtp.StartAsync();
        App = new KestrelApp(Smtp.Port);
        App.StartServer();
        await App.Services.GetRequiredService<DeskStore>().AddAsync("security", "Security", "Europe/Moscow", Actor.System);
        Editor = await AddUserAsync("eddie@newsroom.test", "Eddie Editor", Roles.Editor);
        SecondEditor = await AddUserAsync("erin@newsroom.test", "Erin Editor", Roles.Editor);
        Lead = await AddUserAsync("lena@newsroom.test", "Lena Lead", Roles.DeskLead);
        Admin = await AddUserAsync("ada@newsroom.test", "Ada Admin", Roles.Admin);

        if (!File.Exists("/usr/bin/chromium"))
        {
            throw new InvalidOperationException("The browser tests need Debian's chromium: run 'bash tests/run.sh', which installs it.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(Artifacts);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    /// <summary>A fresh context: no cookies from other tests. CSP is bypassed only so axe can be injected.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl,
            BypassCSP = true,
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    public async Task<IPage> SignedInPageAsync(Person person)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("E-mail").FillAsync(person.Email);
        await page.GetByLabel("Password").FillAsync(person.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/queue");
        return page;
    }

    /// <summary>Presses "Run now" on the jobs page, which queues the job, and waits until the run has recorded its outcome.</summary>
    public async Task RunNowAsync(IPage admin, string job)
    {
        var database = App.Services.GetRequiredService<VerifyTrack.Web.Infrastructure.Db.Database>();
        async Task<int> FinishedAsync()
        {
            await using var connection = await database.OpenAsync();
            return await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection, "SELECT COUNT(*) FROM job_runs WHERE job = @job AND outcome IS NOT NULL", new { job });
        }

        var before = await FinishedAsync();
        await admin.GotoAsync("/admin/jobs");
        await admin.GetByRole(AriaRole.Button, new() { Name = $"Run now: {job}" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".flash")).ToContainTextAsync($"{job} is queued");
        await Eventually.WaitAsync(async () => await FinishedAsync() > before, $"the queued run of {job}");
        await admin.GotoAsync("/admin/jobs");
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, name + ".png"), FullPage = true });

    /// <summary>Runs axe-core (WCAG 2 A and AA) in the page and returns each violation as "rule: selectors".</summary>
    public static async Task<IReadOnlyList<string>> AxeViolationsAsync(IPage page)
    {
        var axe = Path.Combine(RepositoryRoot(), "tests", "VerifyTrack.BrowserTests", "node_modules", "axe-core", "axe.min.js");
        if (!File.Exists(axe))
        {
            throw new InvalidOperationException("axe-core is missing: run 'bash tests/run.sh', which installs it with npm.");
        }

        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = axe });
        var json = await page.EvaluateAsync<string>(
            "async () => JSON.stringify((await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))");
        return JsonSerializer.Deserialize<List<string>>(json)!;
    }

    private async Task<Person> AddUserAsync(string email, string name, string role)
    {
        var (user, errors) = await App.Services.GetRequiredService<UserStore>().CreateAsync(new NewUser(email, name, role, Password, ["security"]), Actor.System);
        Assert.True(errors.IsEmpty);
        return new Person(user!.Email, Password, name);
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "VerifyTrack.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
