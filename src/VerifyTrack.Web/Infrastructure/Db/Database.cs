using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace VerifyTrack.Web.Infrastructure.Db;

/// <summary>Opens one SQLite connection per read, configured the same way every time; writes go through one writer.</summary>
public sealed class Database : IDisposable
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMilliseconds;
    private readonly GroupCommitWriter _writer;
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = new();
    private static readonly object Configured = new();

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
        _writer = new GroupCommitWriter(OpenAsync, options.Value.MaxWritesPerCommit);
    }

    public string FilePath { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // A pooled connection comes back with the SQLite handle it had, settings included: configure each handle once.
        if (!_configured.TryGetValue(connection.Handle!, out _))
        {
            await connection.ExecuteAsync("PRAGMA synchronous = NORMAL;");
            BusyWait.Install(connection, _busyTimeoutMilliseconds);
            _configured.AddOrUpdate(connection.Handle!, Configured);
        }

        return connection;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction, after the writes queued before it. Its changes are
    /// committed (with any other writes queued beside it) before this returns, if it called
    /// <see cref="WriteTransaction.Commit"/>; if it returned without, or threw, they are rolled back.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<WriteTransaction, Task<T>> work, CancellationToken cancellationToken = default) =>
        _writer.WriteAsync(work, cancellationToken);

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

/// <summary>
/// Waits for another connection's lock in short, growing sleeps, up to the busy timeout. The bundled SQLite is
/// built without usleep, so its own busy handler (PRAGMA busy_timeout) sleeps a whole second between tries:
/// a write that met another for a millisecond would wait a second. SQLitePCLRaw 2.0 does not wrap
/// sqlite3_busy_handler, so it is called here directly, in the same native library.
/// </summary>
internal static class BusyWait
{
    private const int LongestSleepMilliseconds = 20;

    // SQLite calls the handler on the thread running the statement, for the whole of one wait.
    [ThreadStatic]
    private static long t_waitingSince;

    // Native code holds a pointer to this delegate for as long as the process runs.
    private static readonly BusyHandler Handler = OnBusy;

    private delegate int BusyHandler(IntPtr timeoutMilliseconds, int count);

    public static void Install(SqliteConnection connection, int timeoutMilliseconds) =>
        Install(connection.Handle ?? throw new InvalidOperationException("The connection is not open."), timeoutMilliseconds);

    /// <summary>For a connection opened by another library on the same native SQLite (the job store's).</summary>
    public static void Install(SQLitePCL.sqlite3 handle, int timeoutMilliseconds)
    {
        var result = NativeMethods.sqlite3_busy_handler(handle.DangerousGetHandle(), Handler, timeoutMilliseconds);
        if (result != 0)
        {
            throw new InvalidOperationException($"SQLite refused the busy handler (error {result}).");
        }
    }

    /// <returns>How long to sleep before trying again, or null to give up with SQLITE_BUSY.</returns>
    public static int? NextSleep(int timeoutMilliseconds, int count, long waitedMilliseconds) =>
        waitedMilliseconds >= timeoutMilliseconds
            ? null
            : (int)Math.Min(Math.Min(count + 1, LongestSleepMilliseconds), timeoutMilliseconds - waitedMilliseconds);

    private static int OnBusy(IntPtr timeoutMilliseconds, int count)
    {
        var now = Environment.TickCount64;
        if (count == 0)
        {
            t_waitingSince = now;
        }

        if (NextSleep(checked((int)timeoutMilliseconds), count, now - t_waitingSince) is not { } sleep)
        {
            return 0;
        }

        Thread.Sleep(sleep);
        return 1;
    }

    private static class NativeMethods
    {
        [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_busy_handler(IntPtr db, BusyHandler handler, IntPtr state);
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
