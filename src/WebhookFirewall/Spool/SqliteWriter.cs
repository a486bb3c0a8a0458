using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace WebhookFirewall.Spool;

/// <summary>
/// One dedicated thread that owns the spool file's only connection and runs every statement: the async methods of
/// Microsoft.Data.Sqlite run synchronously, so a request that awaits a write here never blocks a thread-pool thread on
/// the disk. Work that queued up while a commit was on disk goes into the next transaction together (`BEGIN
/// IMMEDIATE`, each piece of work in its own savepoint): one fsync then makes all of it durable, and none of it is
/// answered before that commit.
/// </summary>
internal sealed class SqliteWriter : IDisposable
{
    /// <summary>Enough to share one commit among many waiting requests; small enough to keep each commit short.</summary>
    private const int MaxBatch = 256;

    private readonly BlockingCollection<Work> _work = new();
    private readonly SqliteConnection _connection;
    private readonly Action<SqliteConnection> _afterFailedCommit;
    private readonly Thread _thread;

    /// <param name="afterFailedCommit">Runs when a commit failed (nothing of the batch is stored): state kept beside the file is re-read.</param>
    public SqliteWriter(SqliteConnection connection, Action<SqliteConnection> afterFailedCommit)
    {
        _connection = connection;
        _afterFailedCommit = afterFailedCommit;
        _thread = new Thread(Run) { IsBackground = true, Name = "spool-sqlite-writer" };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="work"/> on the writer's thread; the task ends once its transaction is committed.</summary>
    public Task<T> RunAsync<T>(Func<SqliteConnection, T> work)
    {
        var item = new Work<T>(work);
        try
        {
            _work.Add(item);
        }
        catch (InvalidOperationException e)
        {
            item.Fail(new SpoolStoreUnavailableException("The spool file is closed.", e));
        }

        return item.Task;
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        _thread.Join();
        _connection.Dispose();
        _work.Dispose();
    }

    private void Run()
    {
        var batch = new List<Work>(MaxBatch);
        foreach (var first in _work.GetConsumingEnumerable())
        {
            batch.Add(first);
            while (batch.Count < MaxBatch && _work.TryTake(out var more))
            {
                batch.Add(more);
            }

            Commit(batch);
            batch.Clear();
        }
    }

    private void Commit(List<Work> batch)
    {
        try
        {
            Execute("BEGIN IMMEDIATE");
        }
        catch (SqliteException e)
        {
            batch.ForEach(w => w.Fail(e));
            return;
        }

        foreach (var work in batch)
        {
            Execute("SAVEPOINT work");
            try
            {
                work.Run(_connection);
                Execute("RELEASE work");
            }
            catch (Exception e)
            {
                // This piece of work alone is undone; the rest of the batch still commits.
                work.Failed(e);
                Execute("ROLLBACK TO work");
                Execute("RELEASE work");
            }
        }

        try
        {
            Execute("COMMIT");
        }
        catch (SqliteException e)
        {
            try
            {
                Execute("ROLLBACK");
            }
            catch (SqliteException)
            {
                // Already rolled back by SQLite itself.
            }

            batch.ForEach(w => w.Fail(e));
            _afterFailedCommit(_connection);
            return;
        }

        batch.ForEach(w => w.Complete());
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private abstract class Work
    {
        public abstract void Run(SqliteConnection connection);

        /// <summary>The work threw: its exception is its answer, once the batch is committed.</summary>
        public abstract void Failed(Exception exception);

        /// <summary>The transaction failed: whatever the work did is gone.</summary>
        public abstract void Fail(Exception exception);

        public abstract void Complete();
    }

    private sealed class Work<T>(Func<SqliteConnection, T> work) : Work
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _exception;

        public Task<T> Task => _done.Task;

        public override void Run(SqliteConnection connection) => _result = work(connection);

        public override void Failed(Exception exception) => _exception = exception;

        public override void Fail(Exception exception) => _done.TrySetException(exception);

        public override void Complete()
        {
            if (_exception is not null)
            {
                _done.TrySetException(_exception);
            }
            else
            {
                _done.TrySetResult(_result!);
            }
        }
    }
}
