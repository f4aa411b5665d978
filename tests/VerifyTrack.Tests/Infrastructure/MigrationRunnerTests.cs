using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Tests.Infrastructure;

public sealed class MigrationRunnerTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "verifytrack-tests", Guid.NewGuid().ToString("N"));
    private readonly Database _database;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    public MigrationRunnerTests()
    {
        _database = new Database(
            Options.Create(new DatabaseOptions { Path = "nested/folder/test.db" }),
            new FakeEnvironment(_folder));
    }

    [Fact]
    public async Task ApplyAsync_FreshDatabase_CreatesTheFolderAndAppliesEveryScriptInOrder()
    {
        var applied = await Runner().ApplyAsync();

        Assert.True(File.Exists(Path.Combine(_folder, "nested/folder/test.db")));
        Assert.Equal(MigrationRunner.LoadEmbedded().Select(m => m.Name), applied);
        Assert.Equal(applied.Order(StringComparer.Ordinal), applied);
        await using var connection = await _database.OpenAsync();
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        Assert.Equal(applied.Count, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM schema_migrations"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'claims'"));
    }

    [Fact]
    public async Task ApplyAsync_SecondRun_IsANoOp()
    {
        await Runner().ApplyAsync();

        var again = await Runner().ApplyAsync();

        Assert.Empty(again);
        Assert.Empty((await Runner().GetStatusAsync()).Pending);
    }

    [Fact]
    public async Task ApplyAsync_AppliedScriptEdited_IsRefusedNamingTheFile()
    {
        await Runner().ApplyAsync();
        var edited = MigrationRunner.LoadEmbedded()
            .Select(m => m.Name == "0001_core.sql" ? m with { Sql = m.Sql + "\n-- a quiet edit\n" } : m)
            .ToList();

        var error = await Assert.ThrowsAsync<MigrationException>(() => Runner(edited).ApplyAsync());

        Assert.Contains("0001_core.sql", error.Message);
        Assert.Contains("edited", error.Message);
    }

    [Fact]
    public async Task ApplyAsync_AppliedScriptRemoved_IsRefusedNamingTheFile()
    {
        var withExtra = MigrationRunner.LoadEmbedded().Append(new Migration("0005a_extra.sql", "CREATE TABLE extra (id INTEGER);")).ToList();
        await Runner(withExtra).ApplyAsync();

        var error = await Assert.ThrowsAsync<MigrationException>(() => Runner().ApplyAsync());

        Assert.Contains("0005a_extra.sql", error.Message);
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public async Task ApplyAsync_FailingScript_RollsBackThatScriptAndKeepsEarlierOnes()
    {
        var scripts = MigrationRunner.LoadEmbedded()
            .Append(new Migration("9000_good.sql", "CREATE TABLE good (id INTEGER);"))
            .Append(new Migration("9001_bad.sql", "CREATE TABLE half (id INTEGER); INSERT INTO no_such_table VALUES (1);"))
            .ToList();

        var error = await Assert.ThrowsAsync<MigrationException>(() => Runner(scripts).ApplyAsync());

        Assert.Contains("9001_bad.sql", error.Message);
        await using var connection = await _database.OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'good'"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half'"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM schema_migrations WHERE name = '9001_bad.sql'"));
    }

    [Fact]
    public async Task ApplyAsync_TwoProcessesStartingAtOnce_ApplyEachScriptOnce()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Runner().ApplyAsync())));

        Assert.Equal(MigrationRunner.LoadEmbedded().Select(m => m.Name), results.SelectMany(r => r).Order(StringComparer.Ordinal));
        await using var connection = await _database.OpenAsync();
        Assert.Equal(MigrationRunner.LoadEmbedded().Count, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task ApplyAsync_SimilarClaimsMigration_IndexesTheClaimsAlreadyThere()
    {
        var all = MigrationRunner.LoadEmbedded();
        await Runner(all.Where(m => string.CompareOrdinal(m.Name, "0012") < 0).ToList()).ApplyAsync();
        await using (var connection = await _database.OpenAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO desks (id, slug, name, time_zone, created_at) VALUES (1, 'world', 'World', 'UTC', '2026-11-02T09:00:00.000Z');
                INSERT INTO users (id, email, display_name, role, password_hash, created_at) VALUES (1, 'a@b.test', 'A', 'editor', 'x', '2026-11-02T09:00:00.000Z');
                INSERT INTO claims (id, slug, statement, claimant, summary, desk_id, priority, state, state_changed_at, created_by, created_at, updated_at,
                                    last_reviewed_at, version, public_updated_at)
                VALUES (7, 'isis-deir', 'Islamic State says it captured two soldiers in Deir Ezzor', 'Amaq', '', 1, 'normal', 'unverified',
                        '2026-11-02T09:00:00.000Z', 1, '2026-11-02T09:00:00.000Z', '2026-11-02T09:00:00.000Z', '2026-11-02T09:00:00.000Z', 1,
                        '2026-11-02T09:00:00.000Z');
                """);
        }

        await Runner(all).ApplyAsync();

        await using var after = await _database.OpenAsync();
        Assert.Equal(
            VerifyTrack.Web.Similarity.MatchTerms.IndexText("Islamic State says it captured two soldiers in Deir Ezzor", "Amaq"),
            await after.ExecuteScalarAsync<string>("SELECT terms FROM claims_similarity WHERE rowid = 7"));
        Assert.Equal(7L, await after.ExecuteScalarAsync<long>("SELECT rowid FROM claims_similarity WHERE claims_similarity MATCH 'zr AND cptr'"));
        Assert.True(await after.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM alias_groups") >= 10);
    }

    [Fact]
    public void LoadEmbedded_ShipsTheRepositoryScripts()
    {
        var onDisk = Directory.GetFiles(Path.Combine(RepositoryRoot(), "migrations"), "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(onDisk, MigrationRunner.LoadEmbedded().Select(m => m.Name));
        Assert.All(MigrationRunner.LoadEmbedded(), m => Assert.Matches(@"^\d{4}_[a-z0-9_]+\.sql$", m.Name));
    }

    private MigrationRunner Runner(IReadOnlyList<Migration>? migrations = null) =>
        new(_database, _clock, NullLogger<MigrationRunner>.Instance) { Migrations = migrations ?? MigrationRunner.LoadEmbedded() };

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "VerifyTrack.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private sealed class FakeEnvironment(string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";
        public string ApplicationName { get; set; } = "VerifyTrack.Tests";
        public string ContentRootPath { get; set; } = contentRoot;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
