using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Tests.Infrastructure;

/// <summary>
/// Writes queued behind a running transaction share the next commit, each in its own savepoint.
/// A first write that waits on a signal holds the writer, so the writes queued meanwhile are known to share one batch.
/// </summary>
public sealed class GroupCommitWriterTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "verifytrack-tests", Guid.NewGuid().ToString("N"));
    private Database _database = null!;

    public async Task InitializeAsync()
    {
        _database = Create(maxWritesPerCommit: 32);
        await _database.EnsureCreatedAsync();
        await using var connection = await _database.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)");
    }

    [Fact]
    public async Task WriteAsync_ManyConcurrentWrites_EachIsCommittedOnceAndReturnsItsOwnResult()
    {
        var writes = Enumerable.Range(1, 200).Select(i => _database.WriteAsync(write => InsertAsync(write, $"note {i}", commit: true))).ToList();

        var ids = await Task.WhenAll(writes);

        Assert.Equal(200, ids.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 200).Select(i => $"note {i}").Order(), (await NotesAsync()).Order());
        foreach (var (id, i) in ids.Select((id, i) => (id, i + 1)))
        {
            Assert.Equal($"note {i}", await TextOfAsync(id));
        }
    }

    [Fact]
    public async Task WriteAsync_OneWriteInABatchThrows_OnlyItsChangesAreRolledBackAndOnlyItsCallerSeesTheError()
    {
        var (release, holder) = await HoldTheWriterAsync();
        var before = _database.WriteAsync(write => InsertAsync(write, "before", commit: true));
        var failing = _database.WriteAsync<long>(async write =>
        {
            await InsertAsync(write, "half-done", commit: true);
            throw new InvalidOperationException("refused halfway");
        });
        var duplicate = _database.WriteAsync(write => InsertAsync(write, "before", commit: true));
        var after = _database.WriteAsync(write => InsertAsync(write, "after", commit: true));
        release.SetResult();

        await holder;
        Assert.True(await before > 0);
        Assert.Equal("refused halfway", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);
        Assert.Contains("UNIQUE", (await Assert.ThrowsAsync<SqliteException>(() => duplicate)).Message);
        Assert.True(await after > 0);
        Assert.Equal(["after", "before", "holder"], (await NotesAsync()).Order());
    }

    [Fact]
    public async Task WriteAsync_WorkThatReturnsWithoutCommitting_IsRolledBackWhileItsNeighboursAreKept()
    {
        var (release, holder) = await HoldTheWriterAsync();
        var kept = _database.WriteAsync(write => InsertAsync(write, "kept", commit: true));
        var dropped = _database.WriteAsync(write => InsertAsync(write, "dropped", commit: false));
        release.SetResult();

        await Task.WhenAll(holder, kept, dropped);

        Assert.True(await dropped > 0);
        Assert.Equal(["holder", "kept"], (await NotesAsync()).Order());
    }

    [Fact]
    public async Task WriteAsync_CancelledWhileQueued_NeverRunsAndReportsTheCancellation()
    {
        var (release, holder) = await HoldTheWriterAsync();
        using var cancellation = new CancellationTokenSource();
        var ran = false;
        var cancelled = _database.WriteAsync(write =>
        {
            ran = true;
            return InsertAsync(write, "cancelled", commit: true);
        }, cancellation.Token);
        await cancellation.CancelAsync();
        release.SetResult();

        await holder;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(ran);
        Assert.Equal(["holder"], await NotesAsync());
    }

    [Fact]
    public async Task WriteAsync_MoreWritesQueuedThanABatchHolds_AreCommittedOverSeveralBatches()
    {
        _database.Dispose();
        _database = Create(maxWritesPerCommit: 3);
        var (release, holder) = await HoldTheWriterAsync();
        var writes = Enumerable.Range(1, 10).Select(i => _database.WriteAsync(write => InsertAsync(write, $"note {i}", commit: true))).ToList();
        release.SetResult();

        await holder;
        await Task.WhenAll(writes);

        Assert.Equal(11, (await NotesAsync()).Count);
    }

    [Fact]
    public async Task WriteAsync_ReturnsOnlyOnceTheChangeIsVisibleToOtherConnections()
    {
        for (var i = 0; i < 50; i++)
        {
            var id = await _database.WriteAsync(write => InsertAsync(write, $"note {i}", commit: true));
            Assert.Equal($"note {i}", await TextOfAsync(id));
        }
    }

    [Fact]
    public async Task WriteAsync_WhileAnotherConnectionHoldsTheWriteLock_WaitsForItAndCommits()
    {
        await using var other = await _database.OpenAsync();
        var otherTransaction = other.BeginTransaction(deferred: false);
        await other.ExecuteAsync("INSERT INTO notes (text) VALUES ('other process')", transaction: otherTransaction);

        var write = _database.WriteAsync(write => InsertAsync(write, "queued", commit: true));
        await Task.Delay(50);
        Assert.False(write.IsCompleted);
        otherTransaction.Commit();

        Assert.True(await write > 0);
        Assert.Equal(["other process", "queued"], (await NotesAsync()).Order());
    }

    public async Task DisposeAsync()
    {
        _database.Dispose();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private Database Create(int maxWritesPerCommit) => new(
        Options.Create(new DatabaseOptions { Path = "writes.db", MaxWritesPerCommit = maxWritesPerCommit }),
        new HostingEnvironment { ContentRootPath = _folder });

    /// <summary>Queues a write that keeps the writer busy until released, so what is queued next shares one batch.</summary>
    private async Task<(TaskCompletionSource Release, Task<long> Holder)> HoldTheWriterAsync()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = _database.WriteAsync(async write =>
        {
            started.SetResult();
            await release.Task;
            return await InsertAsync(write, "holder", commit: true);
        });
        await started.Task;
        return (release, holder);
    }

    private static async Task<long> InsertAsync(WriteTransaction write, string text, bool commit)
    {
        var id = await write.Connection.ExecuteScalarAsync<long>(
            "INSERT INTO notes (text) VALUES (@text) RETURNING id", new { text }, write.Transaction);
        if (commit)
        {
            write.Commit();
        }

        return id;
    }

    private async Task<List<string>> NotesAsync()
    {
        await using var connection = await _database.OpenAsync();
        return (await connection.QueryAsync<string>("SELECT text FROM notes")).AsList();
    }

    private async Task<string?> TextOfAsync(long id)
    {
        await using var connection = await _database.OpenAsync();
        return await connection.ExecuteScalarAsync<string?>("SELECT text FROM notes WHERE id = @id", new { id });
    }
}
