using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace VerifyTrack.Web.Infrastructure.Db;

/// <summary>
/// Runs this process's writes one after another on one connection. Writes that queue up while a
/// transaction runs are committed together in the next one (group commit), each inside its own savepoint:
/// one write's refusal or failure never touches another's, and they share the commit, which is the
/// dearest part of a small write (every page it changed is appended to the log).
/// </summary>
/// <remarks>
/// One connection for every write also keeps its page cache warm: SQLite empties a connection's cache
/// whenever another connection has written, so writers taking turns on pooled connections would read the
/// B-tree pages they need from the file again on every change. Waiting in this queue, rather than in
/// SQLite's busy handler, hands the write lock on at once; other processes still meet the busy timeout.
/// </remarks>
internal sealed class GroupCommitWriter : IDisposable
{
    private const string Savepoint = "queued_write";

    /// <summary>Set in the writer loop's flow, and so in every write's work.</summary>
    private static readonly AsyncLocal<bool> InsideWrite = new();

    private readonly Func<CancellationToken, Task<SqliteConnection>> _open;
    private readonly int _maxBatch;
    private readonly WriteHealth _health;
    private readonly ILogger _logger;
    private readonly Channel<IQueuedWrite> _queue = Channel.CreateUnbounded<IQueuedWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private SqliteConnection? _connection;

    public GroupCommitWriter(Func<CancellationToken, Task<SqliteConnection>> open, int maxBatch, WriteHealth health, ILogger logger)
    {
        _open = open;
        _maxBatch = maxBatch;
        _health = health;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    public Task<T> WriteAsync<T>(Func<WriteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        if (InsideWrite.Value)
        {
            // The writer would wait for this write while this write waits for the writer.
            throw new InvalidOperationException("A write cannot queue another write: do the work in the write's own transaction.");
        }

        var write = new QueuedWrite<T>(work, cancellationToken);
        if (!_queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(Database), "The database is shutting down; nothing was written.");
        }

        return write.Result;
    }

    /// <summary>Lets the writes already queued finish, then closes the writer connection.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _loop.Wait(TimeSpan.FromSeconds(30));
    }

    private async Task RunAsync()
    {
        InsideWrite.Value = true;
        var batch = new List<IQueuedWrite>(_maxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync())
            {
                batch.Clear();
                while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var write))
                {
                    if (!write.TryCancel())
                    {
                        batch.Add(write);
                    }
                }

                if (batch.Count > 0)
                {
                    try
                    {
                        await CommitAsync(batch);
                    }
                    catch (Exception exception)
                    {
                        // Whatever went wrong, the loop must go on: a writer that stops leaves every later write
                        // waiting for an answer that never comes.
                        _logger.LogError(exception, "A write batch failed unexpectedly; its writes were answered with the error");
                        DropConnection();
                        foreach (var write in batch)
                        {
                            write.Fail(exception);
                        }
                    }
                }
            }
        }
        finally
        {
            DropConnection();
        }
    }

    /// <summary>
    /// Closes the writer connection so the next transaction opens a fresh one rather than inherit one in an
    /// unknown state: its handle leaves the pool too. After a fault SQLite may already have rolled the
    /// transaction back, and closing then tries to roll it back again ("no transaction is active"): that is
    /// expected and not worth more than a line.
    /// </summary>
    private void DropConnection()
    {
        var connection = _connection;
        _connection = null;
        if (connection is null)
        {
            return;
        }

        try
        {
            SqliteConnection.ClearPool(connection);
            connection.Dispose();
        }
        catch (SqliteException exception)
        {
            _logger.LogWarning("Closing the writer connection after a failure: {Message}", exception.Message);
        }
    }

    private async Task CommitAsync(IReadOnlyList<IQueuedWrite> batch)
    {
        var began = false;
        try
        {
            _connection ??= await _open(CancellationToken.None);
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync();
            began = true;
            foreach (var write in batch)
            {
                transaction.Save(Savepoint);
                var keep = await write.RunAsync(new WriteTransaction(_connection, transaction));
                if (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) != 0)
                {
                    // Some errors (a full disk, say) make SQLite roll back the whole transaction.
                    throw new InvalidOperationException("SQLite rolled back the write transaction.", write.Error);
                }

                if (!keep)
                {
                    transaction.Rollback(Savepoint);
                }

                transaction.Release(Savepoint);
            }

            await transaction.CommitAsync();
        }
        catch (Exception exception)
        {
            _health.Failed(exception);
            DropConnection();
            foreach (var write in batch)
            {
                if (!began || write.Error is not null || batch.Count == 1)
                {
                    write.Fail(exception);
                }
                else
                {
                    // Nothing of the batch was committed: the writes that did not fail themselves go again, alone.
                    await CommitAsync([write]);
                }
            }

            return;
        }

        // SQLite may roll back only the statement that met the fault (a full disk, say): the batch commits
        // without that write, which is answered with the fault, and the writes are not yet healthy.
        if (batch.Select(write => write.Error).FirstOrDefault(StorageFaults.IsFault) is { } fault)
        {
            _health.Failed(fault);
        }
        else
        {
            _health.Succeeded();
        }

        foreach (var write in batch)
        {
            write.Complete();
        }
    }

    private interface IQueuedWrite
    {
        /// <summary>What the work threw when it last ran, if it did.</summary>
        Exception? Error { get; }

        bool TryCancel();

        /// <summary>Runs the work; false when its changes are to be rolled back (it threw, or did not commit).</summary>
        Task<bool> RunAsync(WriteTransaction transaction);

        void Complete();

        void Fail(Exception batchFailure);
    }

    private sealed class QueuedWrite<T>(Func<WriteTransaction, Task<T>> work, CancellationToken cancellationToken) : IQueuedWrite
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _value;

        public Exception? Error { get; private set; }

        public Task<T> Result => _done.Task;

        public bool TryCancel() => cancellationToken.IsCancellationRequested && _done.TrySetCanceled(cancellationToken);

        public async Task<bool> RunAsync(WriteTransaction transaction)
        {
            Error = null;
            try
            {
                _value = await work(transaction);
                return transaction.IsKept;
            }
            catch (Exception exception)
            {
                Error = exception;
                return false;
            }
        }

        public void Complete()
        {
            if (Error is not null)
            {
                _done.TrySetException(StorageFaults.Classify(Error));
            }
            else
            {
                _done.TrySetResult(_value!);
            }
        }

        public void Fail(Exception batchFailure) => _done.TrySetException(StorageFaults.Classify(Error ?? batchFailure));
    }
}
