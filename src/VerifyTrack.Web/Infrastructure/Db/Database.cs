using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace VerifyTrack.Web.Infrastructure.Db;

/// <summary>Opens one SQLite connection per operation, configured the same way every time.</summary>
public sealed class Database : IDisposable
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly string _connectionString;
    private readonly int _busyTimeoutMilliseconds;

    static Database()
    {
        SQLitePCL.Batteries_V2.Init();
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlTime.Register();
    }

    public Database(IOptions<DatabaseOptions> options, IHostEnvironment environment)
    {
        FilePath = System.IO.Path.GetFullPath(options.Value.Path, environment.ContentRootPath);
        _busyTimeoutMilliseconds = options.Value.BusyTimeoutMilliseconds;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            ForeignKeys = true,
            Pooling = true,
        }.ToString();
    }

    public string FilePath { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync($"PRAGMA busy_timeout = {_busyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL;");
        return connection;
    }

    /// <summary>
    /// Opens a connection and begins a write transaction (BEGIN IMMEDIATE), after waiting in this process
    /// for the writer before it. SQLite admits one writer at a time; waiting here hands the lock on at once,
    /// where SQLite's busy handler would poll for it with sleeps. Other processes still meet the busy timeout.
    /// </summary>
    public async Task<WriteTransaction> BeginWriteAsync(CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var connection = await OpenAsync(cancellationToken);
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            return new WriteTransaction(connection, transaction, _writeGate);
        }
        catch
        {
            _writeGate.Release();
            throw;
        }
    }

    public void Dispose() => _writeGate.Dispose();

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

/// <summary>A write transaction that holds this process's write gate until it is disposed.</summary>
public sealed class WriteTransaction(SqliteConnection connection, SqliteTransaction transaction, SemaphoreSlim gate) : IAsyncDisposable
{
    private bool _disposed;

    public SqliteConnection Connection { get; } = connection;

    public SqliteTransaction Transaction { get; } = transaction;

    public Task CommitAsync(CancellationToken cancellationToken = default) => Transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
        finally
        {
            gate.Release();
        }
    }
}
