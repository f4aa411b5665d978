using System.Diagnostics;
using System.Net;
using Dapper;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Infrastructure.Cli;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Tests.Cli;

public sealed class CommandLineTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task DesksAdd_AddsTheDesk()
    {
        var (code, output, _) = await RunAsync("", "desks", "add", "--slug", "security", "--name", "Security", "--time-zone", "Europe/Moscow");

        Assert.Equal(0, code);
        Assert.Contains("Added desk 'security'", output);
        await using var connection = await app.Get<Database>().OpenAsync();
        Assert.Equal("Europe/Moscow", await connection.ExecuteScalarAsync<string>("SELECT time_zone FROM desks WHERE slug = 'security'"));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons", "timeZone")]
    [InlineData("Europe/London", "slug")]
    public async Task DesksAdd_BadValue_FailsWithTheFieldNamed(string timeZone, string field)
    {
        await RunAsync("", "desks", "add", "--slug", "dupe", "--name", "Dupe", "--time-zone", "Europe/London");

        var (code, _, error) = await RunAsync("", "desks", "add", "--slug", "dupe", "--name", "Dupe", "--time-zone", timeZone);

        Assert.Equal(1, code);
        Assert.Contains(field + ":", error);
    }

    [Fact]
    public async Task UsersAddThenTokensCreate_GiveATokenThatWorksOnTheApi()
    {
        await RunAsync("", "desks", "add", "--slug", "world", "--name", "World", "--time-zone", "Europe/London");

        var (added, addOutput, addError) = await RunAsync("a-long-password\n", "users", "add", "--email", "lena@newsroom.test", "--name", "Lena Lead", "--role", "desk_lead", "--desk", "world");
        var (created, token, _) = await RunAsync("", "tokens", "create", "--email", "lena@newsroom.test", "--name", "cli");

        Assert.True(added == 0, addError);
        Assert.Contains("Added desk_lead lena@newsroom.test", addOutput);
        Assert.Equal(0, created);
        Assert.StartsWith("vt_", token.Trim());
        Assert.Equal(HttpStatusCode.OK, (await app.ApiClient(token.Trim()).GetAsync("/api/v1/claims")).StatusCode);
        var signIn = await new FormClient(app).SignInAsync("lena@newsroom.test", "a-long-password");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.NotEqual("/account/password", signIn.Headers.Location!.OriginalString);
        Assert.False((await app.Get<VerifyTrack.Web.Accounts.UserStore>().FindByEmailAsync("lena@newsroom.test"))!.MustChangePassword);

        var tokenId = (await app.Get<VerifyTrack.Web.Accounts.ApiTokens>().ListAsync((await app.Get<VerifyTrack.Web.Accounts.UserStore>().FindByEmailAsync("lena@newsroom.test"))!.Id)).Single().Id;
        var (revoked, _, _) = await RunAsync("", "tokens", "revoke", "--email", "lena@newsroom.test", "--id", tokenId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, revoked);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ApiClient(token.Trim()).GetAsync("/api/v1/claims")).StatusCode);
    }

    [Theory]
    [InlineData("short\n", "password")]
    [InlineData("          \n", "password")]
    [InlineData("a-long-password\n", "role")]
    public async Task UsersAdd_BadValue_FailsAndStoresNothing(string stdin, string field)
    {
        var role = field == "role" ? "intern" : "editor";

        var (code, _, error) = await RunAsync(stdin, "users", "add", "--email", $"bad-{field}@newsroom.test", "--name", "Bad", "--role", role);

        Assert.Equal(1, code);
        Assert.Contains(field + ":", error);
        Assert.Null(await app.Get<VerifyTrack.Web.Accounts.UserStore>().FindByEmailAsync($"bad-{field}@newsroom.test"));
    }

    [Theory]
    [InlineData("victim@newsroom.test, attacker@evil.example")]
    [InlineData("Victim <victim@newsroom.test>")]
    public async Task UsersAdd_AnythingButOnePlainMailbox_FailsAndStoresNothing(string email)
    {
        var (code, _, error) = await RunAsync("a-long-password\n", "users", "add", "--email", email, "--name", "Victim", "--role", "editor");

        Assert.Equal(1, code);
        Assert.Contains("email:", error);
        Assert.Null(await app.Get<VerifyTrack.Web.Accounts.UserStore>().FindByEmailAsync(email));
    }

    [Theory]
    [InlineData("", new[] { "users", "add", "--email", "x@newsroom.test", "--name", "X", "--role", "editor" }, "standard input")]
    [InlineData("", new[] { "desks", "add", "--slug", "x" }, "Missing --name")]
    [InlineData("", new[] { "desks", "add", "--slug", "x", "--name", "X", "--time-zone", "UTC", "--colour", "red" }, "Unknown option --colour")]
    [InlineData("", new[] { "desks", "add", "--slug" }, "needs a value")]
    [InlineData("", new[] { "audit" }, "Unknown verb")]
    [InlineData("", new[] { "launch", "rockets" }, "Unknown verb")]
    public async Task WrongUsage_ExitsWith2AndPrintsUsage(string stdin, string[] args, string message)
    {
        var (code, _, error) = await RunAsync(stdin, args);

        Assert.Equal(2, code);
        Assert.Contains(message, error);
        Assert.Contains("Usage:", error);
    }

    [Fact]
    public async Task Help_PrintsEveryVerb()
    {
        var (code, output, _) = await RunAsync("", "help");

        Assert.Equal(0, code);
        foreach (var verb in new[] { "migrate", "desks add", "users add", "tokens create", "audit verify", "demo seed", "about" })
        {
            Assert.Contains(verb, output);
        }
    }

    [Fact]
    public async Task Migrate_OnAnUpToDateDatabase_SaysSo()
    {
        var (code, output, _) = await RunAsync("", "migrate");

        Assert.Equal(0, code);
        Assert.Contains("up to date", output);
    }

    [Fact]
    public async Task DemoSeed_OnADatabaseWithData_RefusesAndChangesNothing()
    {
        await app.CreateDeskAsync("occupied");

        var (code, _, error) = await RunAsync("", "demo", "seed");

        Assert.Equal(1, code);
        Assert.Contains("empty database", error);
    }

    [Fact]
    public async Task RealProcess_VerbsRunAndExitWithoutServing()
    {
        using var temp = new TempFolder();
        var folder = temp.Path;
        var dbPath = Path.Combine(folder, "cli.db");
        var migrate = await RunProcessAsync(folder, dbPath, "", "migrate");
        var seed = await RunProcessAsync(folder, dbPath, "", new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Development" }, "demo", "seed");
        var verify = await RunProcessAsync(folder, dbPath, "", "audit", "verify");
        var wrong = await RunProcessAsync(folder, dbPath, "", "desks", "add");

        Assert.True(migrate.Code == 0, migrate.Error);
        Assert.Contains($"Applied {VerifyTrack.Web.Infrastructure.Db.MigrationRunner.LoadEmbedded().Count} migration(s): 0001_core.sql, ", migrate.Output);
        Assert.Equal(0, seed.Code);
        Assert.Contains("editor@verifytrack.example", seed.Output);
        Assert.Equal(0, verify.Code);
        Assert.Contains("Audit chain intact", verify.Output);
        Assert.Equal(2, wrong.Code);
    }

    [Fact]
    public async Task RealProcess_About_PrintsTheVersionsActuallyLoaded_WithoutTouchingTheDatabase()
    {
        using var temp = new TempFolder();
        var dbPath = Path.Combine(temp.Path, "cli.db");

        var about = await RunProcessAsync(temp.Path, dbPath, "", "about");

        Assert.True(about.Code == 0, about.Error);
        var lines = about.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(": ", 2))
            .ToDictionary(parts => parts[0], parts => parts[1]);
        Assert.Equal(["VerifyTrack", ".NET", "SQLite", "Microsoft.Data.Sqlite", "Hangfire", "MailKit"], lines.Keys);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:"))
        {
            await connection.OpenAsync();
            Assert.Equal(await connection.ExecuteScalarAsync<string>("SELECT sqlite_version()"), lines["SQLite"]);
        }

        Assert.Equal(Environment.Version.ToString(3), lines[".NET"].Split(' ')[0].Split('-')[0]);
        Assert.Equal(typeof(Hangfire.JobStorage).Assembly.GetName().Version!.ToString(3), lines["Hangfire"]);
        Assert.Matches(@"^4\.18\.\d+$", lines["MailKit"]);
        Assert.False(File.Exists(dbPath));
    }

    [Theory]
    [InlineData("migrat")]
    [InlineData("serve")]
    [InlineData("Migrate")]
    public async Task RealProcess_UnknownVerb_ExitsWith2NamingItWithoutServingOrTouchingTheDatabase(string verb)
    {
        using var temp = new TempFolder();
        var dbPath = Path.Combine(temp.Path, "cli.db");

        var result = await RunProcessAsync(temp.Path, dbPath, "", verb);

        Assert.Equal(2, result.Code);
        Assert.Contains($"Unknown verb '{verb}'", result.Error);
        Assert.Contains("Usage:", result.Error);
        Assert.DoesNotContain("listening", result.Output + result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(dbPath));
    }

    [Theory]
    [InlineData("backup", "to")]
    [InlineData("desks", "list")]
    [InlineData("audit")]
    [InlineData("about", "x")]
    public async Task RealProcess_MistypedSecondWord_ExitsWith2BeforeTouchingTheDatabase(params string[] args)
    {
        using var temp = new TempFolder();
        var dbPath = Path.Combine(temp.Path, "cli.db");

        var result = await RunProcessAsync(temp.Path, dbPath, "", args);

        Assert.Equal(2, result.Code);
        Assert.Contains("Unknown verb", result.Error);
        Assert.False(File.Exists(dbPath));
    }

    [Theory]
    [InlineData(new[] { "migrate" }, true)]
    [InlineData(new[] { "--help" }, true)]
    [InlineData(new[] { "migrat" }, true)]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "--urls", "http://127.0.0.1:5000" }, false)]
    [InlineData(new[] { "/urls", "http://127.0.0.1:5000" }, false)]
    [InlineData(new[] { "Database:Path=x.db" }, false)]
    public void IsCommand_TellsVerbsFromHostSettings(string[] args, bool expected)
    {
        Assert.Equal(expected, CommandLine.IsCommand(args));
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("generate")]
    public async Task RealProcess_DemoDataInProduction_IsRefusedAndNoAccountIsCreated(string verb)
    {
        using var temp = new TempFolder();
        var dbPath = Path.Combine(temp.Path, "cli.db");
        string[] args = verb == "seed" ? ["demo", "seed"] : ["demo", "generate", "--claims", "10"];

        var result = await RunProcessAsync(temp.Path, dbPath, "", new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Production" }, args);

        Assert.Equal(1, result.Code);
        Assert.Contains("refused in Production", result.Error);
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={dbPath};Pooling=false");
        await connection.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users"));
    }

    [Fact]
    public async Task RealProcess_DemoSeedSettingInProduction_StopsStartUpNamingTheKey()
    {
        using var temp = new TempFolder();

        var result = await RunProcessAsync(temp.Path, Path.Combine(temp.Path, "cli.db"), "",
            new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Production", ["Demo__Seed"] = "true" }, "migrate");

        Assert.Equal(1, result.Code);
        Assert.Contains("Demo:Seed", result.Error);
    }

    [Fact]
    public async Task RealProcess_MigrateOnAnotherAppsSqliteFile_RefusesAndChangesNothing()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.Path);
        var dbPath = Path.Combine(temp.Path, "other-app.db");
        await using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={dbPath};Pooling=false"))
        {
            await other.OpenAsync();
            await other.ExecuteAsync("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5);");
        }

        var before = await File.ReadAllBytesAsync(dbPath);
        var result = await RunProcessAsync(temp.Path, dbPath, "", "migrate");

        Assert.Equal(1, result.Code);
        Assert.Contains("is not a VerifyTrack database", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.Equal(before, await File.ReadAllBytesAsync(dbPath));
        Assert.False(File.Exists(dbPath + "-wal"));
    }

    [Fact]
    public async Task RealProcess_MigrateOnAFileThatIsNotSqlite_RefusesAndChangesNothing()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.Path);
        var dbPath = Path.Combine(temp.Path, "notes.db");
        await File.WriteAllTextAsync(dbPath, "These are my notes, not a database. They go on for a while, more than a header's worth of text.");

        var result = await RunProcessAsync(temp.Path, dbPath, "", "migrate");

        Assert.Equal(1, result.Code);
        Assert.Contains("is not an SQLite database", result.Error);
        Assert.StartsWith("These are my notes", await File.ReadAllTextAsync(dbPath));
    }

    [Fact]
    public async Task RealProcess_DatabaseMigratedByANewerApp_IsOneClearLineAndExit1()
    {
        using var temp = new TempFolder();
        var dbPath = Path.Combine(temp.Path, "cli.db");
        Assert.Equal(0, (await RunProcessAsync(temp.Path, dbPath, "", "migrate")).Code);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={dbPath};Pooling=false"))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync("INSERT INTO schema_migrations (name, checksum, applied_at) VALUES ('9999_from_the_future.sql', 'x', '2027-01-01T00:00:00Z')");
        }

        var result = await RunProcessAsync(temp.Path, dbPath, "", "migrate");

        Assert.Equal(1, result.Code);
        Assert.Contains("migrated by a newer VerifyTrack", result.Error);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task RealProcess_ProductionWithoutMailAppBaseUrl_StopsNamingTheKey()
    {
        using var temp = new TempFolder();

        var result = await RunProcessAsync(temp.Path, Path.Combine(temp.Path, "cli.db"), "",
            new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Production", ["Mail__AppBaseUrl"] = "" }, "migrate");

        Assert.Equal(1, result.Code);
        Assert.Contains("Mail:AppBaseUrl must be set in Production", result.Error);
    }

    [Fact]
    public async Task RealProcess_BadConfiguration_ExitsWith1NamingTheKeyWithoutAStackTrace()
    {
        using var temp = new TempFolder();
        var folder = temp.Path;
        var result = await RunProcessAsync(folder, Path.Combine(folder, "cli.db"), "", new Dictionary<string, string> { ["Accounts__MaxFailedSignIns"] = "0" }, "migrate");

        Assert.Equal(1, result.Code);
        Assert.Contains("Accounts:MaxFailedSignIns", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(string stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await new CommandLine(app.Services, new StringReader(stdin), output, error).RunAsync(args);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The built app as its own process, over <paramref name="dbPath"/>, with its output redirected.</summary>
    internal static ProcessStartInfo AppProcess(string folder, string dbPath, IReadOnlyDictionary<string, string> environment, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["Database__Path"] = dbPath, ["Demo__Seed"] = "false", ["Logging__LogLevel__Default"] = "Warning", ["Mail__AppBaseUrl"] = "https://verify.newsroom.test" },
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "VerifyTrack.Web.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    internal static Task<(int Code, string Output, string Error)> RunProcessAsync(string folder, string dbPath, string stdin, params string[] args) =>
        RunProcessAsync(folder, dbPath, stdin, new Dictionary<string, string>(), args);

    internal static async Task<(int Code, string Output, string Error)> RunProcessAsync(
        string folder, string dbPath, string stdin, Dictionary<string, string> environment, params string[] args)
    {
        Directory.CreateDirectory(folder);
        var start = AppProcess(folder, dbPath, environment, args);

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
