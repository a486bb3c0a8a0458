using System.Globalization;
using StackExchange.Redis;

namespace WebhookFirewall.Idempotency;

/// <summary>
/// Shared view of deliveries for several replicas. The claim is `SET key inflight:token NX PX lease` (atomic across
/// every client of the server or cluster shard); settling and releasing are Lua compare-and-set / compare-and-delete
/// on the claim's own token, so one instance can never settle another's claim. `IDistributedCache` is not used: it
/// has no set-if-absent.
/// </summary>
internal sealed class RedisIdempotencyStore : IIdempotencyStore, IAsyncDisposable
{
    private const string InFlightPrefix = "inflight:";
    private const string DonePrefix = "done:";

    private static readonly LuaScript SettleScript = LuaScript.Prepare(
        """
        if redis.call('GET', @key) == @claim then
          redis.call('SET', @key, @done, 'PX', @ttlMs)
          return 1
        end
        return 0
        """);

    private static readonly LuaScript ForgetScript = LuaScript.Prepare(
        """
        local held = redis.call('GET', @key)
        if held and string.sub(held, 1, 5) == 'done:' then return redis.call('DEL', @key) end
        return 0
        """);

    private static readonly LuaScript ReleaseScript = LuaScript.Prepare(
        """
        if redis.call('GET', @key) == @claim then return redis.call('DEL', @key) end
        return 0
        """);

    private readonly IConnectionMultiplexer _redis;
    private readonly string _keyPrefix;

    public RedisIdempotencyStore(IConnectionMultiplexer redis, string keyPrefix)
    {
        _redis = redis;
        _keyPrefix = keyPrefix;
    }

    public string Name => "redis";

    /// <summary>Connects without waiting for the server (<see cref="RedisStoreOptions.For"/>).</summary>
    public static RedisIdempotencyStore Connect(string connectionString, string keyPrefix, TextWriter? log = null) =>
        new(ConnectionMultiplexer.Connect(RedisStoreOptions.For(connectionString), log), keyPrefix);

    public async ValueTask<ClaimResult> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid().ToString("N");
        var claimValue = InFlightPrefix + token;
        var redisKey = Key(key);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // A plain SET NX for the common case, a new delivery: one round trip and no script on the server. Only a
            // delivery seen before needs the second trip, to read what holds it.
            var set = Start(database => database.StringSetAsync(redisKey, claimValue, lease, When.NotExists), cancellationToken);
            bool claimed;
            try
            {
                claimed = await AwaitAsync(set, cancellationToken);
            }
            catch (IdempotencyStoreUnavailableException) when (cancellationToken.IsCancellationRequested && !set.IsCanceled)
            {
                // The caller's deadline passed: nothing waits for the give-up.
                _ = GiveUpAsync(new Claim(key, claimValue));
                throw;
            }
            catch (IdempotencyStoreUnavailableException e) when (e.InnerException is RedisTimeoutException or TimeoutException)
            {
                // The command was sent and its answer did not come in time: the server may still set it, owned by
                // nobody. Give it up before the provider is answered, so its retry is not refused for a whole lease.
                await GiveUpAsync(new Claim(key, claimValue));
                throw;
            }

            if (claimed)
            {
                return ClaimResult.Claimed(new Claim(key, claimValue));
            }

            var held = await RunAsync(database => database.StringGetAsync(redisKey), cancellationToken);
            if (held.IsNull)
            {
                continue; // the holder expired between SET and GET: try again
            }

            var value = (string)held!;
            if (value.StartsWith(DonePrefix, StringComparison.Ordinal)
                && int.TryParse(value.AsSpan(DonePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                return ClaimResult.Completed(status);
            }

            return ClaimResult.InProgress;
        }

        return ClaimResult.InProgress;
    }

    public async ValueTask<bool> SettleAsync(Claim claim, int status, TimeSpan ttl, CancellationToken cancellationToken) =>
        (long)await RunAsync(SettleScript, new
        {
            key = Key(claim.Key),
            claim = claim.Token,
            done = DonePrefix + status.ToString(CultureInfo.InvariantCulture),
            ttlMs = (long)ttl.TotalMilliseconds,
        }, cancellationToken) == 1;

    public async ValueTask<bool> ReleaseAsync(Claim claim, CancellationToken cancellationToken) =>
        (long)await RunAsync(ReleaseScript, new { key = Key(claim.Key), claim = claim.Token }, cancellationToken) == 1;

    public async ValueTask<bool> ForgetAsync(string key, CancellationToken cancellationToken) =>
        (long)await RunAsync(ForgetScript, new { key = Key(key) }, cancellationToken) == 1;

    public async ValueTask<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(database => database.PingAsync(), cancellationToken);
            return true;
        }
        catch (IdempotencyStoreUnavailableException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    private static IdempotencyStoreUnavailableException Unavailable(Exception inner) =>
        new("The Redis idempotency store did not answer.", inner);

    /// <summary>
    /// A claim whose SET the firewall stopped waiting for may still be set by the server: its compare-and-delete is sent
    /// now on the same connection, so the server runs it after that SET, whenever the SET runs. If that fails too, the
    /// lease ends the claim.
    /// </summary>
    private async Task GiveUpAsync(Claim claim)
    {
        try
        {
            await ReleaseAsync(claim, CancellationToken.None);
        }
        catch (Exception e) when (e is IdempotencyStoreUnavailableException or RedisException or TimeoutException or ObjectDisposedException)
        {
            // Nothing is waiting on this any more.
        }
    }

    private RedisKey Key(string key) => new RedisKey(_keyPrefix).Append(key);

    private Task<RedisResult> RunAsync(LuaScript script, object parameters, CancellationToken cancellationToken) =>
        // ScriptEvaluateAsync sends EVALSHA and falls back to EVAL after a flushed script cache.
        RunAsync(database => database.ScriptEvaluateAsync(script, parameters), cancellationToken);

    private Task<T> RunAsync<T>(Func<IDatabase, Task<T>> command, CancellationToken cancellationToken) =>
        AwaitAsync(Start(command, cancellationToken), cancellationToken);

    /// <summary>Sends a command, unless the caller has already given up (then nothing is sent).</summary>
    private Task<T> Start<T>(Func<IDatabase, Task<T>> command, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        try
        {
            return command(_redis.GetDatabase());
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            return Task.FromException<T>(e);
        }
    }

    /// <summary>
    /// StackExchange.Redis commands take no cancellation token: the caller's is honoured by no longer waiting. Either
    /// way a caller sees only <see cref="IdempotencyStoreUnavailableException"/>: the store did not answer (in time).
    /// </summary>
    private static async Task<T> AwaitAsync<T>(Task<T> pending, CancellationToken cancellationToken)
    {
        try
        {
            return await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            // The command's own end is observed, so its failure is never an unobserved task exception.
            _ = pending.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw Unavailable(e);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            throw Unavailable(e);
        }
    }
}
