using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Desks;

namespace VerifyTrack.Tests.Infrastructure;

public sealed record TestUser(long Id, string Email, string Password, string Token);

/// <summary>
/// The real app host over a fresh SQLite file of its own, with a clock the test controls.
/// One per test class (xUnit class fixture).
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    public const string Password = "correct-horse-battery";

    private readonly string _folder;
    private readonly bool _ownsFolder;
    private readonly string _hostTag = Guid.NewGuid().ToString("N")[..6];
    private int _userCounter;

    public AppFactory()
    {
        _ownsFolder = true;
        _folder = NewTempFolder();
    }

    private AppFactory(string folder)
    {
        _folder = folder;
    }

    /// <summary>A host over the database in <paramref name="folder"/>, to restart an app on the same file; the caller cleans up.</summary>
    public static AppFactory OnFolder(string folder) => new(folder);

    public static string NewTempFolder() => Path.Combine(Path.GetTempPath(), "verifytrack-tests", Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(_folder, "test.db");

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    /// <summary>Extra configuration, set before the host first starts. Job workers poll often, so a queued run starts at once.</summary>
    public Dictionary<string, string?> Settings { get; } = new() { ["Demo:Seed"] = "false", ["Jobs:Enabled"] = "false", ["Jobs:PollInterval"] = "00:00:00.050" };

    /// <summary>Extra services (a test's own job, say), added before the host first starts.</summary>
    public Action<IServiceCollection>? TestServices { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // As in Development, where the README's `dotnet run` runs: a scoped service taken from the root provider fails here too.
        builder.UseDefaultServiceProvider(options =>
        {
            options.ValidateScopes = true;
            options.ValidateOnBuild = true;
        });
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(
            new Dictionary<string, string?>(Settings) { ["Database:Path"] = DatabasePath }));
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            TestServices?.Invoke(services);
        });
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task<string> CreateDeskAsync(string slug, string timeZone = "Europe/London")
    {
        var (desk, errors) = await Get<DeskStore>().AddAsync(slug, slug.ToUpperInvariant(), timeZone, Actor.System);
        Assert.True(errors.IsEmpty, string.Join("; ", errors.ToDictionary().SelectMany(e => e.Value)));
        return desk!.Slug;
    }

    public async Task<TestUser> CreateUserAsync(string role = Roles.Editor, params string[] desks)
    {
        var email = $"{role}{Interlocked.Increment(ref _userCounter)}.{_hostTag}@newsroom.test";
        var (user, errors) = await Get<UserStore>().CreateAsync(new NewUser(email, $"Test {role}", role, Password, desks), Actor.System);
        Assert.True(errors.IsEmpty, string.Join("; ", errors.ToDictionary().SelectMany(e => e.Value)));
        var (token, _) = await Get<ApiTokens>().CreateAsync(user!.Id, "tests", Actor.System);
        return new TestUser(user.Id, user.Email, Password, token);
    }

    /// <summary>Puts the user on one more desk, as an admin would on the user's page.</summary>
    public async Task JoinDeskAsync(TestUser user, string desk)
    {
        await using var connection = await Get<VerifyTrack.Web.Infrastructure.Db.Database>().OpenAsync();
        await Dapper.SqlMapper.ExecuteAsync(connection,
            "INSERT OR IGNORE INTO user_desks (user_id, desk_id) SELECT @Id, id FROM desks WHERE slug = @desk", new { user.Id, desk });
    }

    /// <summary>
    /// A GET built field by field, for what an HttpClient will not send: an empty Host, a chosen client address,
    /// a proxy's headers.
    /// </summary>
    public Task<Microsoft.AspNetCore.Http.HttpContext> GetRawAsync(string path, string host, string? remoteAddress = null, params (string Name, string Value)[] headers) =>
        Server.SendAsync(context =>
        {
            context.Request.Method = "GET";
            context.Request.Path = path;
            context.Request.Host = new Microsoft.AspNetCore.Http.HostString(host);
            if (remoteAddress is not null)
            {
                context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(remoteAddress);
            }

            foreach (var (name, value) in headers)
            {
                context.Request.Headers[name] = value;
            }
        });

    public HttpClient ApiClient(string token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsFolder && Directory.Exists(_folder))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
