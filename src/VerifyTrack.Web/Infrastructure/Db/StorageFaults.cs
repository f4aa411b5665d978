using Microsoft.Data.Sqlite;

namespace VerifyTrack.Web.Infrastructure.Db;

/// <summary>
/// The database cannot be written just now: its disk is full, the file or its folder is read-only, the device
/// failed, or another process held the lock past <c>Database:BusyTimeoutMilliseconds</c>. Nothing of the write
/// was kept; the same write may succeed once the cause is gone.
/// </summary>
public sealed class StorageUnavailableException(Exception cause)
    : Exception($"The database cannot be written just now: {StorageFaults.Describe(cause)}", cause);

public static class StorageFaults
{
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Full = 13;
    private const int CannotOpen = 14;

    /// <summary>Whether <paramref name="exception"/>, or one it wraps, is a storage fault rather than a bug or bad input.</summary>
    public static bool IsFault(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is StorageUnavailableException || e is SqliteException { SqliteErrorCode: Busy or Locked or ReadOnly or IoError or Full or CannotOpen })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A storage fault as the one exception callers handle; anything else as it was.</summary>
    public static Exception Classify(Exception exception) =>
        exception is StorageUnavailableException || !IsFault(exception) ? exception : new StorageUnavailableException(exception);

    public static string Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException sqlite)
            {
                return sqlite.SqliteErrorCode switch
                {
                    Full => "the disk is full.",
                    ReadOnly => "the database file or its folder is read-only.",
                    IoError => "the disk reported an I/O error.",
                    Busy or Locked => "another process held the database lock for longer than the busy timeout.",
                    CannotOpen => "the database file cannot be opened.",
                    _ => sqlite.Message,
                };
            }
        }

        return exception.Message;
    }
}

/// <summary>
/// Whether this process's writes are failing for a storage fault, for <c>/healthz</c>. Set by the writer when a
/// write fails for one, cleared by the next write that commits.
/// </summary>
public sealed class WriteHealth
{
    /// <summary>How often, at most, a health check may try a write while writes are failing.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(5);

    private readonly Lock _probeLock = new();
    private volatile string? _fault;
    private DateTimeOffset _lastProbe = DateTimeOffset.MinValue;

    /// <summary>
    /// Whether a health check may try a write now: at most one every <see cref="ProbeInterval"/>, so anonymous
    /// callers cannot queue writes for the writer just when storage is failing.
    /// </summary>
    public bool TryStartProbe(DateTimeOffset now)
    {
        lock (_probeLock)
        {
            if (now - _lastProbe < ProbeInterval)
            {
                return false;
            }

            _lastProbe = now;
            return true;
        }
    }

    /// <summary>Why writes are failing, or null while they succeed.</summary>
    public string? Fault => _fault;

    public void Failed(Exception exception)
    {
        if (StorageFaults.IsFault(exception))
        {
            _fault = StorageFaults.Describe(exception);
        }
    }

    public void Succeeded() => _fault = null;
}
