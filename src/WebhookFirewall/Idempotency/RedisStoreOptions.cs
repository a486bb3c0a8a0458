using StackExchange.Redis;

namespace WebhookFirewall.Idempotency;

/// <summary>How every store on Redis that a request waits for connects: the idempotency store and the spool.</summary>
internal static class RedisStoreOptions
{
    /// <summary>
    /// The options of a store on the request's path: connects without waiting for the server (the firewall starts
    /// while Redis is down, fails closed until it is back, and reconnects by itself); commands fail fast instead of
    /// queueing while disconnected; 2 s timeouts unless the connection string sets its own.
    /// </summary>
    public static ConfigurationOptions For(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        // The .NET thread pool reads the replies instead of the library's dedicated threads. That pool exists to shield
        // applications that block on Redis calls; the firewall never does, and on a small machine the hand-over from
        // a dedicated reader to the pool costs a context switch per reply (load-tests/results/design-notes.md).
        options.SocketManager = SocketManager.ThreadPool;
        if (!connectionString.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.ConnectTimeout = 2000;
        }

        if (!connectionString.Contains("syncTimeout", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("asyncTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.AsyncTimeout = 2000;
            options.SyncTimeout = 2000;
        }

        return options;
    }
}
