using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using VerifyTrack.Tests.Cli;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Backups;
using VerifyTrack.Web.Infrastructure.Cli;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Infrastructure.Jobs;

namespace VerifyTrack.Tests.Backups;

public sealed partial class BackupCommandTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task BackupTo_WhileClaimsAreBeingWritten_WritesACopyThatIsIntactAndVerifiesAgainstItsPrintedHead()
    {
        var desk = await app.CreateDeskAsync("backups");
        var editor = await app.CreateUserAsync(Roles.Editor, desk);
        var api = app.ApiClient(editor.Token);
        for (var i = 0; i < 5; i++)
        {
            await api.CreateClaimAsync(desk, $"Logged before the backup {i}");
        }

        using var temp = new TempFolder();
        var target = Path.Combine(temp.Path, "nightly", "first");
        using var stop = new CancellationTokenSource();
        var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writes = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await api.CreateClaimAsync(desk, $"Logged during the backup {i}");
                writing.TrySetResult();
            }
        });
        await writing.Task;

        var (code, output, error) = await RunAsync("backup", "--to", target);
        await stop.CancelAsync();
        await writes;

        Assert.True(code == 0, error);
        var head = HeadLine().Match(output);
        Assert.True(head.Success, output);
        Assert.Equal(["first"], Directory.GetFileSystemEntries(Path.GetDirectoryName(target)!).Select(Path.GetFileName));
        Assert.Equal([DatabaseBackup.JobsStoreFileName, DatabaseBackup.DatabaseFileName], Directory.GetFiles(target).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var copy = Path.Combine(target, DatabaseBackup.DatabaseFileName);
        await using (var connection = await OpenAsync(copy))
        {
            Assert.Equal("ok", await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
            var copied = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM claims");
            await using var live = await app.Get<Database>().OpenAsync();
            Assert.InRange(copied, 6, await live.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM claims"));
        }

        await using (var jobsStore = await OpenAsync(Path.Combine(target, DatabaseBackup.JobsStoreFileName)))
        {
            Assert.Equal("ok", await jobsStore.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
            Assert.True(await jobsStore.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'") > 0);
        }

        var verify = await CommandLineTests.RunProcessAsync(temp.Path, copy, "", "audit", "verify", "--expect-head", head.Groups[1].Value);
        Assert.True(verify.Code == 0, verify.Error);
        Assert.Contains($"Head: {head.Groups[1].Value}", verify.Output);
    }

    [Fact]
    public async Task BackupTo_AnExistingFileOrFolder_IsRefusedWithExit1_AndLeavesItAlone()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.Path);
        var file = Path.Combine(temp.Path, "taken.db");
        await File.WriteAllTextAsync(file, "an older backup");
        var folder = Path.Combine(temp.Path, "taken");
        Directory.CreateDirectory(folder);

        var onFile = await RunAsync("backup", "--to", file);
        var onFolder = await RunAsync("backup", "--to", folder);

        Assert.Equal(1, onFile.Code);
        Assert.Contains("already exists", onFile.Error);
        Assert.Equal("an older backup", await File.ReadAllTextAsync(file));
        Assert.Equal(1, onFolder.Code);
        Assert.Contains("already exists", onFolder.Error);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
        Assert.Equal(["taken", "taken.db"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(new[] { "backup" }, "Missing --to")]
    [InlineData(new[] { "backup", "--to" }, "needs a value")]
    [InlineData(new[] { "backup", "--to", "somewhere", "--overwrite", "yes" }, "Unknown option --overwrite")]
    public async Task Backup_WrongUsage_ExitsWith2AndPrintsUsage(string[] args, string message)
    {
        var (code, _, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains(message, error);
        Assert.Contains("backup --to FOLDER", error);
    }

    private static async Task<SqliteConnection> OpenAsync(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await new CommandLine(app.Services, new StringReader(""), output, error).RunAsync(args);
        return (code, output.ToString(), error.ToString());
    }

    [GeneratedRegex(@"^Head: (\d+:[0-9a-f]{64}) ", RegexOptions.Multiline)]
    private static partial Regex HeadLine();
}

public sealed class BackupJobTests
{
    [Fact]
    public async Task BackupJob_RunThreeTimesWithKeep2_LeavesTheTwoNewest_AndNothingElseItDidNotWrite()
    {
        await using var app = new AppFactory();
        app.Settings["Backup:Directory"] = "backups";
        app.Settings["Backup:Keep"] = "2";
        var desk = await app.CreateDeskAsync("world");
        var editor = await app.CreateUserAsync(Roles.Editor, desk);
        await app.ApiClient(editor.Token).CreateClaimAsync(desk);
        var directory = Path.Combine(Path.GetDirectoryName(app.DatabasePath)!, "backups");
        Directory.CreateDirectory(Path.Combine(directory, "verifytrack-backup-by-hand"));
        await File.WriteAllTextAsync(Path.Combine(directory, "README.txt"), "not the job's");

        var runs = new List<JobRunRow>();
        for (var i = 0; i < 3; i++)
        {
            runs.Add(await app.Get<JobRunner>().RunAsync("backup", "test"));
            app.Clock.Advance(TimeSpan.FromDays(1));
        }

        Assert.All(runs, run => Assert.True(run.Outcome == JobOutcomes.Succeeded, run.Error));
        Assert.Contains("wrote verifytrack-backup-20261102T090000Z", runs[0].Summary);
        Assert.Matches(@"audit head \d+:[0-9a-f]{64}", runs[0].Summary);
        Assert.Contains("removed 0 older backup(s)", runs[1].Summary);
        Assert.Contains("removed 1 older backup(s)", runs[2].Summary);
        Assert.Equal(
            ["README.txt", "verifytrack-backup-20261103T090000Z", "verifytrack-backup-20261104T090000Z", "verifytrack-backup-by-hand"],
            Directory.GetFileSystemEntries(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(directory, "verifytrack-backup-20261104T090000Z", DatabaseBackup.DatabaseFileName)));
        Assert.True(File.Exists(Path.Combine(directory, "verifytrack-backup-20261104T090000Z", DatabaseBackup.JobsStoreFileName)));
        var listed = await app.Get<IJobSchedule>().ListAsync(CancellationToken.None);
        var backup = Assert.Single(listed, job => job.Name == "backup");
        Assert.Equal("15 2 * * *", backup.Cron);
        Assert.NotNull(backup.NextRunAt);
    }

    [Fact]
    public async Task BackupJob_WithoutADirectory_IsNotRegistered_AndTheVerbStillWorks()
    {
        await using var app = new AppFactory();
        using var temp = new TempFolder();

        var listed = await app.Get<IJobSchedule>().ListAsync(CancellationToken.None);
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await new CommandLine(app.Services, new StringReader(""), output, error).RunAsync(["jobs", "run", "backup"]);
        var backup = await new CommandLine(app.Services, new StringReader(""), output, error).RunAsync(["backup", "--to", temp.Path]);

        Assert.Null(app.Get<JobRunner>().Find("backup"));
        Assert.DoesNotContain(listed, job => job.Name == "backup");
        Assert.Equal(2, code);
        Assert.Contains("Unknown job 'backup'", error.ToString());
        Assert.True(backup == 0, error.ToString());
    }

    [Theory]
    [InlineData("Backup:Cron", "nightly")]
    [InlineData("Backup:Cron", "15 26 * * *")]
    [InlineData("Backup:Keep", "0")]
    public async Task BadBackupSetting_StopsStartUp_NamingTheKey(string key, string value)
    {
        await using var app = new AppFactory();
        app.Settings[key] = value;

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains(key, error.Message);
    }
}
