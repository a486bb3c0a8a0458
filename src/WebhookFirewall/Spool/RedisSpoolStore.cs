using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;
using WebhookFirewall.Idempotency;
using WebhookFirewall.Model;

namespace WebhookFirewall.Spool;

/// <summary>
/// The spool shared by several replicas. Per route, in one hash slot (`{route}` hash tags, so it works on Redis
/// Cluster): a sorted set of pending ids scored by when each is due (a claim pushes the score to the lease's end,
/// atomically, in a Lua script), one scored by when each was spooled (oldest first), sorted sets of dead and
/// delivered ids scored by when they expire, and a hash per entry. Outside the routes' slots: the set of routes, an
/// id → route index and the byte count for `MaxBytes`, each written before the entry itself, so a crash between
/// the writes can leave a stray index entry but never an entry nobody finds.
/// </summary>
internal sealed class RedisSpoolStore : ISpoolStore
{
    private static readonly LuaScript ClaimScript = LuaScript.Prepare(
        """
        local ids = redis.call('ZRANGEBYSCORE', @due, '-inf', @now, 'LIMIT', 0, 100)
        local spooled = {}
        for _, id in ipairs(ids) do spooled[id] = tonumber(redis.call('ZSCORE', @age, id)) or 0 end
        table.sort(ids, function(a, b) return spooled[a] < spooled[b] end)
        local out = {}
        for i = 1, math.min(#ids, tonumber(@max)) do
          local key = @entryPrefix .. ids[i]
          if redis.call('EXISTS', key) == 1 then
            redis.call('ZADD', @due, @leaseUntil, ids[i])
            redis.call('HSET', key, 'lease_owner', @owner, 'lease_until', @leaseUntil)
            out[#out + 1] = redis.call('HGETALL', key)
          else
            redis.call('ZREM', @due, ids[i])
            redis.call('ZREM', @age, ids[i])
          end
        end
        return out
        """);

    private static readonly LuaScript AddScript = LuaScript.Prepare(
        """
        redis.call('HSET', @entry, 'id', @id, 'route', @route, 'policy', @policy, 'key', @key, 'fwd', @fwd, 'spooled', @spooled, 'giveup', @giveup,
          'state', 'pending', 'attempts', '0', 'next', @next, 'lstatus', @lstatus, 'lerror', @lerror, 'size', @size, 'sha', @sha,
          'secret', @secret, 'lease_owner', '', 'lease_until', '0', 'request', @request, 'body', @body)
        redis.call('ZADD', @due, @next, @id)
        redis.call('ZADD', @age, @spooled, @id)
        return 1
        """);

    private static readonly LuaScript CompleteScript = LuaScript.Prepare(
        """
        if redis.call('HGET', @entry, 'lease_owner') ~= @owner or redis.call('HEXISTS', @entry, 'body') == 0 then return -1 end
        redis.call('HSET', @entry, 'state', @state, 'attempts', @attempts, 'next', @next, 'lstatus', @lstatus, 'lerror', @lerror,
          'expires', @expires, 'lease_owner', '', 'lease_until', '0')
        if @state == 'pending' then
          redis.call('ZADD', @due, @next, @id)
          return 0
        end
        redis.call('ZREM', @due, @id)
        redis.call('ZREM', @age, @id)
        if @state == 'dead' then
          redis.call('ZADD', @dead, @expires, @id)
          return 0
        end
        redis.call('HDEL', @entry, 'request', 'body')
        redis.call('ZADD', @done, @expires, @id)
        return tonumber(redis.call('HGET', @entry, 'size'))
        """);

    private static readonly LuaScript RetryScript = LuaScript.Prepare(
        """
        local state = redis.call('HGET', @entry, 'state')
        if not state then return 'notfound' end
        if state == 'delivered' or redis.call('HEXISTS', @entry, 'body') == 0 then return 'delivered' end
        if tonumber(redis.call('HGET', @entry, 'lease_until')) > tonumber(@now) then return 'inflight' end
        redis.call('HSET', @entry, 'state', 'pending', 'next', @now, 'expires', '')
        redis.call('ZREM', @dead, @id)
        redis.call('ZADD', @due, @now, @id)
        redis.call('ZADD', @age, redis.call('HGET', @entry, 'spooled'), @id)
        return 'queued'
        """);

    private static readonly LuaScript DeleteScript = LuaScript.Prepare(
        """
        local fields = redis.call('HMGET', @entry, 'route', 'policy', 'key', 'spooled', 'state', 'attempts', 'next', 'lstatus', 'lerror', 'size', 'sha')
        if not fields[1] then return false end
        local held = redis.call('HEXISTS', @entry, 'body')
        redis.call('DEL', @entry)
        redis.call('ZREM', @due, @id)
        redis.call('ZREM', @age, @id)
        redis.call('ZREM', @dead, @id)
        redis.call('ZREM', @done, @id)
        fields[#fields + 1] = tostring(held)
        return fields
        """);

    private static readonly LuaScript WakeScript = LuaScript.Prepare(
        """
        for _, id in ipairs(redis.call('ZRANGEBYSCORE', @due, '(' .. @now, '+inf')) do
          if (tonumber(redis.call('HGET', @entryPrefix .. id, 'lease_until')) or 0) <= tonumber(@now) then
            redis.call('ZADD', @due, @now, id)
          end
        end
        return 1
        """);

    /// <summary>Drops dead and delivered entries past their expiry; the bytes freed (dead entries still held theirs).</summary>
    private static readonly LuaScript SweepScript = LuaScript.Prepare(
        """
        local freed = 0
        local gone = {}
        for _, set in ipairs({ @dead, @done }) do
          for _, id in ipairs(redis.call('ZRANGEBYSCORE', set, '-inf', @now, 'LIMIT', 0, 1000)) do
            local key = @entryPrefix .. id
            if redis.call('HEXISTS', key, 'body') == 1 then freed = freed + (tonumber(redis.call('HGET', key, 'size')) or 0) end
            redis.call('DEL', key)
            redis.call('ZREM', set, id)
            gone[#gone + 1] = id
          end
        end
        local oldest = redis.call('ZRANGE', @age, 0, 0, 'WITHSCORES')
        return { freed, redis.call('ZCARD', @due), redis.call('ZCARD', @dead), oldest[2] or '', gone }
        """);

    /// <summary>The newest ids of the sets asked for, read at one moment: an entry moving between sets is seen once.</summary>
    private static readonly LuaScript ListScript = LuaScript.Prepare(
        """
        local ids = {}
        local seen = {}
        for _, set in ipairs({ @first, @second, @third }) do
          for _, id in ipairs(redis.call('ZREVRANGE', set, 0, tonumber(@limit) - 1)) do
            if not seen[id] then seen[id] = true; ids[#ids + 1] = id end
          end
        end
        return ids
        """);

    private static readonly string[] MetadataFields = ["route", "policy", "key", "spooled", "state", "attempts", "next", "lstatus", "lerror", "size", "sha"];

    private readonly IConnectionMultiplexer _redis;
    private readonly string _prefix;
    private readonly long _maxBytes;

    private RedisSpoolStore(IConnectionMultiplexer redis, string prefix, long maxBytes)
    {
        _redis = redis;
        _prefix = prefix;
        _maxBytes = maxBytes;
    }

    public string Name => "redis";

    /// <summary>Connects without waiting for the server (<see cref="RedisStoreOptions.For"/>): the firewall starts while Redis is down.</summary>
    public static RedisSpoolStore Connect(SpoolOptions options)
    {
        var configuration = RedisStoreOptions.For(options.RedisConnectionString!);
        configuration.AllowAdmin = true; // CONFIG GET, to check that every write is persisted
        return new RedisSpoolStore(ConnectionMultiplexer.Connect(configuration), options.KeyPrefix, options.MaxBytes);
    }

    public async Task<bool> AddAsync(SpoolEntry entry, CancellationToken cancellationToken)
    {
        var database = _redis.GetDatabase();
        var size = entry.Size;
        var bytes = await RunAsync(() => database.StringIncrementAsync(Global("bytes"), size));
        if (bytes > _maxBytes)
        {
            await RunAsync(() => database.StringDecrementAsync(Global("bytes"), size));
            return false;
        }

        try
        {
            // Index first: a crash after this and before the entry leaves an id that finds nothing, never the reverse.
            await RunAsync(() => database.SetAddAsync(Global("routes"), entry.Route));
            await RunAsync(() => database.HashSetAsync(Global("ids"), entry.Id, entry.Route));
            var keys = new RouteKeys(_prefix, entry.Route);
            await RunAsync(() => database.ScriptEvaluateAsync(AddScript, new
            {
                entry = keys.Entry(entry.Id),
                due = keys.Due,
                age = keys.Age,
                id = entry.Id,
                route = entry.Route,
                policy = entry.Policy,
                key = entry.IdempotencyKey,
                fwd = entry.ForwardId,
                spooled = entry.SpooledAt.ToUnixTimeMilliseconds(),
                giveup = entry.GiveUpAt.ToUnixTimeMilliseconds(),
                next = entry.NextAttemptAt.ToUnixTimeMilliseconds(),
                lstatus = entry.LastStatus?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                lerror = entry.LastError ?? string.Empty,
                size,
                sha = entry.BodySha256,
                secret = entry.SecretIndex,
                request = SpooledRequestCodec.Encode(entry.Method, entry.PathAndQuery, entry.Headers),
                body = entry.Body,
            }));
            return true;
        }
        catch (SpoolStoreUnavailableException)
        {
            await ForgetBytesAsync(database, size);
            throw;
        }
    }

    public async Task<IReadOnlyList<SpoolEntry>> ClaimDueAsync(DateTimeOffset now, int max, TimeSpan lease, string owner, CancellationToken cancellationToken)
    {
        var database = _redis.GetDatabase();
        var claimed = new List<SpoolEntry>();
        foreach (var route in await RoutesAsync(database))
        {
            if (claimed.Count >= max)
            {
                break;
            }

            var keys = new RouteKeys(_prefix, route);
            var result = await RunAsync(() => database.ScriptEvaluateAsync(ClaimScript, new
            {
                due = keys.Due,
                age = keys.Age,
                now = now.ToUnixTimeMilliseconds(),
                max = max - claimed.Count,
                leaseUntil = (now + lease).ToUnixTimeMilliseconds(),
                owner,
                entryPrefix = keys.EntryPrefix,
            }));
            foreach (var fields in (RedisResult[])result!)
            {
                claimed.Add(ReadEntry(Fields((RedisResult[])fields!)));
            }
        }

        return claimed;
    }

    public async Task<bool> CompleteAsync(string id, string owner, SpoolAttemptResult result, CancellationToken cancellationToken)
    {
        var database = _redis.GetDatabase();
        if (await RouteOfAsync(database, id) is not { } route)
        {
            return false;
        }

        var keys = new RouteKeys(_prefix, route);
        var freed = (long)await RunAsync(() => database.ScriptEvaluateAsync(CompleteScript, new
        {
            entry = keys.Entry(id),
            due = keys.Due,
            age = keys.Age,
            dead = keys.Dead,
            done = keys.Done,
            id,
            owner,
            state = result.State.ToLabel(),
            attempts = result.Attempts,
            next = result.NextAttemptAt?.ToUnixTimeMilliseconds() ?? 0,
            lstatus = result.LastStatus?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            lerror = result.LastError ?? string.Empty,
            expires = result.ExpiresAt?.ToUnixTimeMilliseconds() ?? 0,
        }));
        if (freed > 0)
        {
            await ForgetBytesAsync(database, freed);
        }

        return freed >= 0;
    }

    public async Task<IReadOnlyList<SpoolEntryInfo>> ListAsync(string? route, SpoolEntryState? state, int limit, CancellationToken cancellationToken)
    {
        var database = _redis.GetDatabase();
        var routes = route is null ? await RoutesAsync(database) : [route];
        var entries = new List<SpoolEntryInfo>();
        foreach (var name in routes)
        {
            var keys = new RouteKeys(_prefix, name);
            RedisKey[] sets = state switch
            {
                SpoolEntryState.Pending => [keys.Age],
                SpoolEntryState.Dead => [keys.Dead],
                SpoolEntryState.Delivered => [keys.Done],
                _ => [keys.Age, keys.Dead, keys.Done],
            };
            // One set asked for is passed three times: the script sees each id once all the same.
            var ids = (RedisValue[])(await RunAsync(() => database.ScriptEvaluateAsync(ListScript, new
            {
                first = sets[0],
                second = sets[^(sets.Length > 1 ? 2 : 1)],
                third = sets[^1],
                limit,
            })))!;
            foreach (var id in ids)
            {
                if (await InfoAsync(database, keys, id!) is { } info && (state is null || info.State == state))
                {
                    entries.Add(info);
                }
            }
        }

        return entries.OrderByDescending(e => e.SpooledAt).ThenByDescending(e => e.Id, StringComparer.Ordinal).Take(limit).ToArray();
    }

    public async Task<SpoolEntryInfo?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var database = _redis.GetDatabase();
        return await RouteOfAsync(database, id) is { } route ? await InfoAsync(database, new RouteKeys(_prefix, route), id) : null;
    }

    public async Task<SpoolRetryOutcome> RetryNowAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var database = _redis.GetDatabase();
        if (await RouteOfAsync(database, id) is not { } route)
        {
            return SpoolRetryOutcome.NotFound;
        }

        var keys = new RouteKeys(_prefix, route);
        var outcome = (string?)await RunAsync(() => database.ScriptEvaluateAsync(RetryScript, new
        {
            entry = keys.Entry(id),
            due = keys.Due,
            age = keys.Age,
            dead = keys.Dead,
            id,
            now = now.ToUnixTimeMilliseconds(),
        }));
        return outcome switch
        {
            "queued" => SpoolRetryOutcome.Queued,
            "inflight" => SpoolRetryOutcome.InFlight,
            "delivered" => SpoolRetryOutcome.Delivered,
            _ => SpoolRetryOutcome.NotFound,
        };
    }

    public async Task WakeRouteAsync(string route, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keys = new RouteKeys(_prefix, route);
        await RunAsync(() => _redis.GetDatabase().ScriptEvaluateAsync(WakeScript, new { due = keys.Due, now = now.ToUnixTimeMilliseconds(), entryPrefix = keys.EntryPrefix }));
    }

    public async Task<SpoolEntryInfo?> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var database = _redis.GetDatabase();
        if (await RouteOfAsync(database, id) is not { } route)
        {
            return null;
        }

        var keys = new RouteKeys(_prefix, route);
        var result = await RunAsync(() => database.ScriptEvaluateAsync(DeleteScript, new
        {
            entry = keys.Entry(id),
            due = keys.Due,
            age = keys.Age,
            dead = keys.Dead,
            done = keys.Done,
            id,
        }));
        await RunAsync(() => database.HashDeleteAsync(Global("ids"), id));
        if (result.IsNull || result.Resp2Type != ResultType.Array)
        {
            return null;
        }

        var values = (RedisValue[])result!;
        var info = Info(id, values);
        if (values[^1] == "1")
        {
            await ForgetBytesAsync(database, info.Size);
        }

        return info;
    }

    public async Task<IReadOnlyList<SpoolRouteStats>> StatsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var database = _redis.GetDatabase();
        var stats = new List<SpoolRouteStats>();
        foreach (var route in await RoutesAsync(database))
        {
            var keys = new RouteKeys(_prefix, route);
            var result = (RedisResult[])(await RunAsync(() => database.ScriptEvaluateAsync(SweepScript, new
            {
                dead = keys.Dead,
                done = keys.Done,
                due = keys.Due,
                age = keys.Age,
                now = now.ToUnixTimeMilliseconds(),
                entryPrefix = keys.EntryPrefix,
            })))!;
            var freed = (long)result[0];
            if (freed > 0)
            {
                await ForgetBytesAsync(database, freed);
            }

            foreach (var gone in (RedisValue[])result[4]!)
            {
                await RunAsync(() => database.HashDeleteAsync(Global("ids"), gone));
            }

            var oldest = (string?)result[3];
            var pending = (long)result[1];
            var dead = (long)result[2];
            stats.Add(new SpoolRouteStats(route, pending, dead,
                string.IsNullOrEmpty(oldest) ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)double.Parse(oldest, CultureInfo.InvariantCulture))));
        }

        return stats;
    }

    /// <summary>Null when Redis answers and persists every write (`appendonly yes`, `appendfsync always`).</summary>
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var server = _redis.GetServers().FirstOrDefault(s => s.IsConnected && !s.IsReplica) ?? _redis.GetServers().FirstOrDefault();
            if (server is null)
            {
                return "Redis is not reachable";
            }

            await RunAsync(() => _redis.GetDatabase().PingAsync());
            var appendOnly = await RunAsync(() => server.ConfigGetAsync("appendonly"));
            var fsync = await RunAsync(() => server.ConfigGetAsync("appendfsync"));
            var durable = appendOnly.Any(p => p.Value == "yes") && fsync.Any(p => p.Value == "always");
            return durable ? null : "Redis does not persist every write (it needs appendonly yes and appendfsync always): a Redis restart can lose spooled deliveries already acknowledged";
        }
        catch (SpoolStoreUnavailableException e)
        {
            return e.InnerException is RedisServerException ? "Redis does not let the firewall check its persistence (CONFIG GET)" : "Redis is not reachable";
        }
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    private static SpoolEntryInfo Info(string id, IReadOnlyList<RedisValue> values) =>
        new(
            id,
            values[0]!,
            values[1]!,
            SpoolEntryStates.TryParse(values[4], out var state) ? state : SpoolEntryState.Pending,
            (int)values[5],
            DateTimeOffset.FromUnixTimeMilliseconds((long)values[3]),
            state == SpoolEntryState.Pending && (long)values[6] > 0 ? DateTimeOffset.FromUnixTimeMilliseconds((long)values[6]) : null,
            values[7].IsNullOrEmpty ? null : (int)values[7],
            values[8].IsNullOrEmpty ? null : (string?)values[8],
            (long)values[9],
            values[10]!)
        {
            IdempotencyKey = values[2]!,
        };

    private static Dictionary<string, RedisValue> Fields(RedisResult[] pairs)
    {
        var fields = new Dictionary<string, RedisValue>(pairs.Length / 2, StringComparer.Ordinal);
        for (var i = 0; i + 1 < pairs.Length; i += 2)
        {
            fields[(string)pairs[i]!] = (RedisValue)pairs[i + 1];
        }

        return fields;
    }

    private static SpoolEntry ReadEntry(Dictionary<string, RedisValue> fields)
    {
        var info = Info(string.Empty, [.. MetadataFields.Select(f => fields.GetValueOrDefault(f))]);
        var (method, path, headers) = SpooledRequestCodec.Decode((byte[])fields["request"]!);
        return new SpoolEntry
        {
            Id = fields["id"]!,
            Route = info.Route,
            Policy = info.Policy,
            IdempotencyKey = info.IdempotencyKey,
            ForwardId = fields["fwd"]!,
            SpooledAt = info.SpooledAt,
            GiveUpAt = DateTimeOffset.FromUnixTimeMilliseconds((long)fields["giveup"]),
            Method = method,
            PathAndQuery = path,
            Headers = headers,
            SecretIndex = (int)fields["secret"],
            Body = (byte[])fields["body"]!,
            BodySha256 = info.BodySha256,
            Attempts = info.Attempts,
            NextAttemptAt = info.NextAttemptAt ?? info.SpooledAt,
            LastStatus = info.LastStatus,
            LastError = info.LastError,
        };
    }

    private async Task<SpoolEntryInfo?> InfoAsync(IDatabase database, RouteKeys keys, string id)
    {
        var values = await RunAsync(() => database.HashGetAsync(keys.Entry(id), [.. MetadataFields.Select(f => (RedisValue)f)]));
        return values[0].IsNull ? null : Info(id, values);
    }

    private async Task<string?> RouteOfAsync(IDatabase database, string id)
    {
        var route = await RunAsync(() => database.HashGetAsync(Global("ids"), id));
        return route.IsNull ? null : (string?)route;
    }

    private async Task<string[]> RoutesAsync(IDatabase database) =>
        [.. (await RunAsync(() => database.SetMembersAsync(Global("routes")))).Select(r => (string)r!).Order(StringComparer.Ordinal)];

    private async Task ForgetBytesAsync(IDatabase database, long bytes)
    {
        try
        {
            await RunAsync(() => database.StringDecrementAsync(Global("bytes"), bytes));
        }
        catch (SpoolStoreUnavailableException)
        {
            // The count stays high by these bytes: the spool refuses a little early rather than ever too late.
        }
    }

    private RedisKey Global(string name) => new(_prefix + name);

    private static async Task<T> RunAsync<T>(Func<Task<T>> command)
    {
        try
        {
            return await command().ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            throw new SpoolStoreUnavailableException("The Redis spool store did not answer.", e);
        }
    }

    /// <summary>One route's keys, in one hash slot. A route id holding a brace is tagged by its digest instead.</summary>
    private readonly struct RouteKeys(string prefix, string route)
    {
        private readonly string _base = prefix + "{" + Tag(route) + "}:";

        public RedisKey Due => new(_base + "due");

        public RedisKey Age => new(_base + "age");

        public RedisKey Dead => new(_base + "dead");

        public RedisKey Done => new(_base + "done");

        public string EntryPrefix => _base + "e:";

        public RedisKey Entry(string id) => new(EntryPrefix + id);

        private static string Tag(string route) => route.AsSpan().IndexOfAny('{', '}') < 0
            ? route
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(route)))[..32];
    }
}
