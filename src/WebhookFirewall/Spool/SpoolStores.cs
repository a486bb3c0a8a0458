using WebhookFirewall.Configuration;
using WebhookFirewall.Model;

namespace WebhookFirewall.Spool;

/// <summary>
/// The spool's store, opened only when it is needed: when some policy of the applied config spools, or — for the
/// embedded store — when a spool file is already there (its entries are still to be delivered). Nothing is created
/// for a config that never spools.
/// </summary>
internal sealed partial class SpoolStores(SpoolOptions options, RouteBindings bindings, TimeProvider clock, ILogger<SpoolStores> logger) : IAsyncDisposable
{
    /// <summary>How long after a failed open the next try waits (the worker asks every second).</summary>
    private static readonly TimeSpan ReopenDelay = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _opening = new(1, 1);
    private volatile ISpoolStore? _store;
    private DateTimeOffset _nextOpen;

    /// <summary>The open store, or null while none is needed (or it could not be opened).</summary>
    public ISpoolStore? Store => _store;

    public string Kind => options.Store == SpoolStoreKind.Redis ? "redis" : "sqlite";

    /// <summary>Whether the spool is in use: a policy spools, or a store is open.</summary>
    public bool InUse => _store is not null || Needed();

    public async Task OpenIfNeededAsync(CancellationToken cancellationToken)
    {
        if (_store is not null || (!Needed() && !(options.Store == SpoolStoreKind.Sqlite && File.Exists(SqliteSpoolStore.FullPath(options)))))
        {
            return;
        }

        await _opening.WaitAsync(cancellationToken);
        try
        {
            if (_store is not null || clock.GetUtcNow() < _nextOpen)
            {
                return;
            }

            ISpoolStore store;
            try
            {
                store = options.Store == SpoolStoreKind.Redis
                    ? RedisSpoolStore.Connect(options)
                    : SqliteSpoolStore.Open(options);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or StackExchange.Redis.RedisException or ArgumentException)
            {
                Log.OpenFailed(logger, e, Kind);
                _nextOpen = clock.GetUtcNow() + ReopenDelay;
                return;
            }

            if (await store.CheckAsync(cancellationToken) is { } problem)
            {
                Log.NotDurable(logger, Kind, problem);
            }

            _store = store;
            Log.Opened(logger, Kind);
        }
        finally
        {
            _opening.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is { } store)
        {
            await store.DisposeAsync();
        }

        _opening.Dispose();
    }

    private bool Needed()
    {
        if (bindings.Current is not { } snapshot)
        {
            return false;
        }

        foreach (var policy in snapshot.Policies.Policies.Values)
        {
            if (policy.Delivery.Spools)
            {
                return true;
            }
        }

        return false;
    }
}
