using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace WebhookFirewall.Spool;

/// <summary>
/// One dedicated thread that owns the spool file's only connection and runs every statement, one at a time: the
/// async methods of Microsoft.Data.Sqlite run synchronously, so a request that awaits a write here never blocks a
/// thread-pool thread on the disk (an fsync per commit, with `synchronous=FULL`).
/// </summary>
internal sealed class SqliteWriter : IDisposable
{
    private readonly BlockingCollection<Action<SqliteConnection>> _work = new();
    private readonly SqliteConnection _connection;
    private readonly Thread _thread;

    public SqliteWriter(SqliteConnection connection)
    {
        _connection = connection;
        _thread = new Thread(Run) { IsBackground = true, Name = "spool-sqlite-writer" };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="work"/> on the writer's thread; its exceptions come back through the task.</summary>
    public Task<T> RunAsync<T>(Func<SqliteConnection, T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            _work.Add(connection =>
            {
                try
                {
                    done.TrySetResult(work(connection));
                }
                catch (Exception e)
                {
                    done.TrySetException(e);
                }
            });
        }
        catch (InvalidOperationException e)
        {
            done.TrySetException(new SpoolStoreUnavailableException("The spool file is closed.", e));
        }

        return done.Task;
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
        foreach (var work in _work.GetConsumingEnumerable())
        {
            work(_connection);
        }
    }
}
