using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Similarity;

namespace VerifyTrack.Web.Infrastructure.Db;

/// <summary>Opens one SQLite connection per read, configured the same way every time; writes go through one writer.</summary>
public sealed class Database : IDisposable
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMilliseconds;
    private readonly GroupCommitWriter _writer;
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = new();
    private static readonly object Configured = new();
    private static readonly Func<string?, string?, string> MatchTermsFunction = (statement, claimant) => MatchTerms.IndexText(statement, claimant);

    static Database()
    {
        SQLitePCL.Batteries_V2.Init();
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlTime.Register();
    }

    public Database(IOptions<DatabaseOptions> options, IHostEnvironment environment, ILogger<Database>? logger = null)
    {
        FilePath = System.IO.Path.GetFullPath(options.Value.Path, environment.ContentRootPath);
        _busyTimeoutMilliseconds = options.Value.BusyTimeoutMilliseconds;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            ForeignKeys = true,
            Pooling = true,
            // Microsoft.Data.Sqlite retries a busy statement itself until this many seconds have passed (30 by
            // default), on top of SQLite's own busy_timeout: bound both by the configured wait.
            DefaultTimeout = Math.Max(1, (options.Value.BusyTimeoutMilliseconds + 999) / 1000),
        }.ToString();
        _writer = new GroupCommitWriter(OpenAsync, options.Value.MaxWritesPerCommit, WriteHealth, (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
    }

    public string FilePath { get; }

    /// <summary>Whether this process's writes are failing for a storage fault (a full disk, say), for the health check.</summary>
    public WriteHealth WriteHealth { get; } = new();

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // A pooled connection comes back with the SQLite handle it had, settings included: configure each handle once.
        if (!_configured.TryGetValue(connection.Handle!, out _))
        {
            // SQLite's own busy handler: the bundled SQLite 3.5x sleeps milliseconds between tries (BENCHMARKS.md).
            await connection.ExecuteAsync($"PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = {_busyTimeoutMilliseconds};");
            _configured.AddOrUpdate(connection.Handle!, Configured);
        }

        // The similarity index's triggers call it (migration 0012), so every connection that may write a claim has it.
        // Unlike the pragmas it is not kept with a pooled handle: Microsoft.Data.Sqlite drops it when the connection closes.
        connection.CreateFunction("match_terms", MatchTermsFunction, isDeterministic: true);

        return connection;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction, after the writes queued before it. Its changes are
    /// committed (with any other writes queued beside it) before this returns, if it called
    /// <see cref="WriteTransaction.Commit"/>; if it returned without, or threw, they are rolled back.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<WriteTransaction, Task<T>> work, CancellationToken cancellationToken = default) =>
        _writer.WriteAsync(work, cancellationToken);

    /// <summary>One statement as a write of its own, committed; returns the rows it changed.</summary>
    public Task<int> ExecuteAsync(string sql, object? parameters = null, CancellationToken cancellationToken = default) =>
        WriteAsync(async write =>
        {
            var changed = await write.Connection.ExecuteAsync(sql, parameters, write.Transaction);
            write.Commit();
            return changed;
        }, cancellationToken);

    /// <summary>One <c>... RETURNING column</c> statement as a write of its own, committed; the first row's value, or default.</summary>
    public Task<T?> ExecuteReturningAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default) =>
        WriteAsync(async write =>
        {
            var value = await write.Connection.ExecuteScalarAsync<T>(sql, parameters, write.Transaction);
            write.Commit();
            return value;
        }, cancellationToken);

    /// <summary>One <c>... RETURNING columns</c> statement as a write of its own, committed; every row it returned.</summary>
    public Task<IReadOnlyList<T>> QueryReturningAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default) =>
        WriteAsync<IReadOnlyList<T>>(async write =>
        {
            var rows = (await write.Connection.QueryAsync<T>(sql, parameters, write.Transaction)).AsList();
            write.Commit();
            return rows;
        }, cancellationToken);

    public void Dispose() => _writer.Dispose();

    /// <summary>Creates the folder and switches the file to WAL, which persists in the file itself.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        var folder = System.IO.Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
    }
}

/// <summary>One queued write's view of the transaction it runs in.</summary>
public sealed class WriteTransaction(SqliteConnection connection, SqliteTransaction transaction)
{
    public SqliteConnection Connection { get; } = connection;

    public SqliteTransaction Transaction { get; } = transaction;

    /// <summary>Whether the work asked for its changes to be kept (<see cref="Commit"/>).</summary>
    public bool IsKept { get; private set; }

    /// <summary>Keeps this write's changes: they are committed before <see cref="Database.WriteAsync"/> returns.</summary>
    public void Commit() => IsKept = true;
}
