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

    private readonly Func<CancellationToken, Task<SqliteConnection>> _open;
    private readonly int _maxBatch;
    private readonly Channel<IQueuedWrite> _queue = Channel.CreateUnbounded<IQueuedWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private SqliteConnection? _connection;

    public GroupCommitWriter(Func<CancellationToken, Task<SqliteConnection>> open, int maxBatch)
    {
        _open = open;
        _maxBatch = maxBatch;
        _loop = Task.Run(RunAsync);
    }

    public Task<T> WriteAsync<T>(Func<WriteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        var write = new QueuedWrite<T>(work, cancellationToken);
        if (!_queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(Database), "The database is shutting down; nothing was written.");
        }

        return write.Result;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _loop.Wait(TimeSpan.FromSeconds(30));
        _connection?.Dispose();
    }

    private async Task RunAsync()
    {
        var batch = new List<IQueuedWrite>(_maxBatch);
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
                await CommitAsync(batch);
            }
        }
    }

    private async Task CommitAsync(List<IQueuedWrite> batch)
    {
        try
        {
            _connection ??= await _open(CancellationToken.None);
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync();
            foreach (var write in batch)
            {
                transaction.Save(Savepoint);
                if (!await write.RunAsync(new WriteTransaction(_connection, transaction)))
                {
                    transaction.Rollback(Savepoint);
                }
                transaction.Release(Savepoint);
            }

            await transaction.CommitAsync();
        }
        catch (Exception exception)
        {
            foreach (var write in batch)
            {
                write.Fail(exception);
            }

            // The next batch opens a fresh connection rather than inherit one in an unknown state.
            _connection?.Dispose();
            _connection = null;
            return;
        }

        foreach (var write in batch)
        {
            write.Complete();
        }
    }

    private interface IQueuedWrite
    {
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
        private Exception? _error;

        public Task<T> Result => _done.Task;

        public bool TryCancel() => cancellationToken.IsCancellationRequested && _done.TrySetCanceled(cancellationToken);

        public async Task<bool> RunAsync(WriteTransaction transaction)
        {
            try
            {
                _value = await work(transaction);
                return transaction.IsCommitted;
            }
            catch (Exception exception)
            {
                _error = exception;
                return false;
            }
        }

        public void Complete()
        {
            if (_error is not null)
            {
                _done.TrySetException(_error);
            }
            else
            {
                _done.TrySetResult(_value!);
            }
        }

        public void Fail(Exception batchFailure) => _done.TrySetException(_error ?? batchFailure);
    }
}
