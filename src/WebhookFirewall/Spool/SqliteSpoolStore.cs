using Microsoft.Data.Sqlite;
using WebhookFirewall.Model;

namespace WebhookFirewall.Spool;

/// <summary>
/// The embedded spool: one SQLite file (WAL, `synchronous=FULL`, so a committed entry survives a crash and a power
/// loss), mode 0600 since it holds verified bodies, written only through <see cref="SqliteWriter"/>'s thread. One
/// instance per file: leases still guard every send, so a restart never sends an entry twice at once.
/// </summary>
internal sealed class SqliteSpoolStore : ISpoolStore
{
    private const string Columns = "id, route, policy, idempotency_key, forward_id, spooled_at, give_up_at, state, attempts, next_attempt_at, last_status, last_error, size, body_sha256, secret_index";

    private static readonly string[] Schema =
    [
        """
        CREATE TABLE IF NOT EXISTS spool (
          id TEXT PRIMARY KEY,
          route TEXT NOT NULL,
          policy TEXT NOT NULL,
          idempotency_key TEXT NOT NULL,
          forward_id TEXT NOT NULL,
          spooled_at INTEGER NOT NULL,
          give_up_at INTEGER NOT NULL,
          state TEXT NOT NULL,
          attempts INTEGER NOT NULL,
          next_attempt_at INTEGER,
          last_status INTEGER,
          last_error TEXT,
          lease_owner TEXT,
          lease_until INTEGER NOT NULL DEFAULT 0,
          expires_at INTEGER,
          size INTEGER NOT NULL,
          body_sha256 TEXT NOT NULL,
          secret_index INTEGER NOT NULL,
          request BLOB,
          body BLOB)
        """,
        "CREATE INDEX IF NOT EXISTS spool_due ON spool (state, next_attempt_at)",
        "CREATE INDEX IF NOT EXISTS spool_route ON spool (route, state, spooled_at)",
        "CREATE INDEX IF NOT EXISTS spool_expiry ON spool (expires_at) WHERE expires_at IS NOT NULL",
    ];

    /// <summary>Due entries looked at per claim, the oldest of which are taken: bounded, so a claim never sorts the spool.</summary>
    private const int ClaimWindow = 100;

    private readonly SqliteWriter _writer;
    private readonly long _maxBytes;

    /// <summary>Request bytes held (pending and dead entries); only the writer's thread reads or changes it.</summary>
    private long _bytes;

    private SqliteSpoolStore(SqliteConnection connection, long maxBytes)
    {
        _maxBytes = maxBytes;
        _bytes = HeldBytes(connection);
        _writer = new SqliteWriter(connection, c => _bytes = HeldBytes(c));
    }

    private static long HeldBytes(SqliteConnection connection)
    {
        using var sum = connection.CreateCommand();
        sum.CommandText = "SELECT COALESCE(SUM(size), 0) FROM spool WHERE request IS NOT NULL";
        return (long)sum.ExecuteScalar()!;
    }

    public string Name => "sqlite";

    /// <summary>The file, relative to the current directory; created (mode 0600, its folder 0700) if it is not there.</summary>
    public static string FullPath(SpoolOptions options) => System.IO.Path.GetFullPath(options.Path);

    public static SqliteSpoolStore Open(SpoolOptions options)
    {
        var path = FullPath(options);
        var directory = System.IO.Path.GetDirectoryName(path)!;
        if (!OperatingSystem.IsWindows())
        {
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            // Created empty with the final mode before SQLite opens it: never readable by others, not even briefly. The
            // -wal and -shm files SQLite makes beside it take the database file's mode.
            if (!File.Exists(path))
            {
                using var _ = new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
            else
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        else
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL");
            Execute(connection, "PRAGMA synchronous=FULL");
            Execute(connection, "PRAGMA busy_timeout=5000");
            foreach (var statement in Schema)
            {
                Execute(connection, statement);
            }

            return new SqliteSpoolStore(connection, options.MaxBytes);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public Task<bool> AddAsync(SpoolEntry entry, CancellationToken cancellationToken) => RunAsync(connection =>
    {
        var size = entry.Size;
        if (_bytes + size > _maxBytes)
        {
            return false;
        }

        using var insert = connection.CreateCommand();
        insert.CommandText = $"""
            INSERT INTO spool ({Columns}, request, body)
            VALUES ($id, $route, $policy, $key, $forward, $spooled, $giveUp, 'pending', 0, $next, $lastStatus, $lastError, $size, $sha, $secret, $request, $body)
            """;
        insert.Parameters.AddWithValue("$id", entry.Id);
        insert.Parameters.AddWithValue("$route", entry.Route);
        insert.Parameters.AddWithValue("$policy", entry.Policy);
        insert.Parameters.AddWithValue("$key", entry.IdempotencyKey);
        insert.Parameters.AddWithValue("$forward", entry.ForwardId);
        insert.Parameters.AddWithValue("$spooled", entry.SpooledAt.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$giveUp", entry.GiveUpAt.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$next", entry.NextAttemptAt.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$lastStatus", (object?)entry.LastStatus ?? DBNull.Value);
        insert.Parameters.AddWithValue("$lastError", (object?)entry.LastError ?? DBNull.Value);
        insert.Parameters.AddWithValue("$size", size);
        insert.Parameters.AddWithValue("$sha", entry.BodySha256);
        insert.Parameters.AddWithValue("$secret", entry.SecretIndex);
        insert.Parameters.AddWithValue("$request", SpooledRequestCodec.Encode(entry.Method, entry.PathAndQuery, entry.Headers));
        insert.Parameters.AddWithValue("$body", entry.Body);
        insert.ExecuteNonQuery();
        _bytes += size;
        return true;
    });

    public Task<IReadOnlyList<SpoolEntry>> ClaimDueAsync(DateTimeOffset now, int max, TimeSpan lease, string owner, CancellationToken cancellationToken) => RunAsync<IReadOnlyList<SpoolEntry>>(connection =>
    {
        // The writer runs this in a BEGIN IMMEDIATE transaction: the select and the leases are one atomic step. The
        // earliest-due entries (the due index, no sort of the spool), and of those the oldest first.
        var claimed = new List<SpoolEntry>();
        var due = new List<string>();
        using (var window = connection.CreateCommand())
        {
            window.CommandText = """
                SELECT id FROM spool INDEXED BY spool_due
                WHERE state = 'pending' AND next_attempt_at <= $now AND lease_until <= $now
                ORDER BY next_attempt_at LIMIT $window
                """;
            window.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            window.Parameters.AddWithValue("$window", ClaimWindow);
            using var ids = window.ExecuteReader();
            while (ids.Read())
            {
                due.Add(ids.GetString(0));
            }
        }

        if (due.Count == 0)
        {
            return claimed;
        }

        using (var select = connection.CreateCommand())
        {
            var names = new string[due.Count];
            for (var i = 0; i < due.Count; i++)
            {
                names[i] = "$d" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                select.Parameters.AddWithValue(names[i], due[i]);
            }

            select.CommandText = $"SELECT {Columns}, request, body FROM spool WHERE id IN ({string.Join(", ", names)}) ORDER BY spooled_at, id LIMIT $max";
            select.Parameters.AddWithValue("$max", max);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                claimed.Add(ReadEntry(reader));
            }
        }

        foreach (var entry in claimed)
        {
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE spool SET lease_owner = $owner, lease_until = $until WHERE id = $id";
            update.Parameters.AddWithValue("$owner", owner);
            update.Parameters.AddWithValue("$until", (now + lease).ToUnixTimeMilliseconds());
            update.Parameters.AddWithValue("$id", entry.Id);
            update.ExecuteNonQuery();
        }

        return claimed;
    });

    public Task<bool> CompleteAsync(string id, string owner, SpoolAttemptResult result, CancellationToken cancellationToken) => RunAsync(connection =>
    {
        var delivered = result.State == SpoolEntryState.Delivered;
        long freed = 0;
        if (delivered && Info(connection, id) is { } before)
        {
            freed = before.Size;
        }

        using var update = connection.CreateCommand();
        // A delivered entry keeps its metadata only: the request and body are gone as soon as the backend took them.
        update.CommandText = """
            UPDATE spool SET state = $state, attempts = $attempts, next_attempt_at = $next, last_status = $lastStatus,
              last_error = $lastError, expires_at = $expires, lease_owner = NULL, lease_until = 0,
              request = CASE WHEN $state = 'delivered' THEN NULL ELSE request END,
              body = CASE WHEN $state = 'delivered' THEN NULL ELSE body END
            WHERE id = $id AND lease_owner = $owner AND request IS NOT NULL
            """;
        update.Parameters.AddWithValue("$state", result.State.ToLabel());
        update.Parameters.AddWithValue("$attempts", result.Attempts);
        update.Parameters.AddWithValue("$next", (object?)result.NextAttemptAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        update.Parameters.AddWithValue("$lastStatus", (object?)result.LastStatus ?? DBNull.Value);
        update.Parameters.AddWithValue("$lastError", (object?)result.LastError ?? DBNull.Value);
        update.Parameters.AddWithValue("$expires", (object?)result.ExpiresAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        update.Parameters.AddWithValue("$id", id);
        update.Parameters.AddWithValue("$owner", owner);
        var held = update.ExecuteNonQuery() == 1;
        if (held && delivered)
        {
            _bytes -= freed;
        }

        return held;
    });

    public Task<IReadOnlyList<SpoolEntryInfo>> ListAsync(string? route, SpoolEntryState? state, int limit, CancellationToken cancellationToken) => RunAsync<IReadOnlyList<SpoolEntryInfo>>(connection =>
    {
        using var select = connection.CreateCommand();
        select.CommandText = $"""
            SELECT {Columns} FROM spool
            WHERE ($route IS NULL OR route = $route) AND ($state IS NULL OR state = $state)
            ORDER BY spooled_at DESC, id DESC LIMIT $limit
            """;
        select.Parameters.AddWithValue("$route", (object?)route ?? DBNull.Value);
        select.Parameters.AddWithValue("$state", (object?)state?.ToLabel() ?? DBNull.Value);
        select.Parameters.AddWithValue("$limit", limit);
        using var reader = select.ExecuteReader();
        var entries = new List<SpoolEntryInfo>();
        while (reader.Read())
        {
            entries.Add(ReadInfo(reader));
        }

        return entries;
    });

    public Task<SpoolEntryInfo?> FindAsync(string id, CancellationToken cancellationToken) => RunAsync(connection => Info(connection, id));

    public Task<SpoolRetryOutcome> RetryNowAsync(string id, DateTimeOffset now, CancellationToken cancellationToken) => RunAsync(connection =>
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var outcome = RetryOutcome(connection, id, nowMs);
        if (outcome == SpoolRetryOutcome.Queued)
        {
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE spool SET state = 'pending', next_attempt_at = $now, expires_at = NULL WHERE id = $id";
            update.Parameters.AddWithValue("$now", nowMs);
            update.Parameters.AddWithValue("$id", id);
            update.ExecuteNonQuery();
        }

        return outcome;
    });

    public Task WakeRouteAsync(string route, DateTimeOffset now, CancellationToken cancellationToken) => RunAsync(connection =>
    {
        using var update = connection.CreateCommand();
        update.CommandText = """
            UPDATE spool SET next_attempt_at = $now
            WHERE route = $route AND state = 'pending' AND lease_until <= $now AND next_attempt_at > $now
            """;
        update.Parameters.AddWithValue("$route", route);
        update.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return update.ExecuteNonQuery();
    });

    public Task<SpoolEntryInfo?> DeleteAsync(string id, CancellationToken cancellationToken) => RunAsync(connection =>
    {
        var info = Info(connection, id);
        if (info is null)
        {
            return null;
        }

        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM spool WHERE id = $id RETURNING request IS NOT NULL";
        delete.Parameters.AddWithValue("$id", id);
        if (delete.ExecuteScalar() is long hadRequest && hadRequest == 1)
        {
            _bytes -= info.Size;
        }

        return info;
    });

    public Task<IReadOnlyList<SpoolRouteStats>> StatsAsync(DateTimeOffset now, CancellationToken cancellationToken) => RunAsync<IReadOnlyList<SpoolRouteStats>>(connection =>
    {
        using (var expired = connection.CreateCommand())
        {
            expired.CommandText = "DELETE FROM spool WHERE state <> 'pending' AND expires_at <= $now RETURNING CASE WHEN request IS NULL THEN 0 ELSE size END";
            expired.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            using var reader = expired.ExecuteReader();
            while (reader.Read())
            {
                _bytes -= reader.GetInt64(0);
            }
        }

        using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT route, SUM(state = 'pending'), SUM(state = 'dead'), MIN(CASE WHEN state = 'pending' THEN spooled_at END)
            FROM spool WHERE state IN ('pending', 'dead') GROUP BY route
            """;
        using var rows = select.ExecuteReader();
        var stats = new List<SpoolRouteStats>();
        while (rows.Read())
        {
            stats.Add(new SpoolRouteStats(rows.GetString(0), rows.GetInt64(1), rows.GetInt64(2), rows.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(rows.GetInt64(3))));
        }

        return stats;
    });

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(connection =>
            {
                Execute(connection, "SELECT 1");
                return true;
            });
            return null;
        }
        catch (SpoolStoreUnavailableException e)
        {
            return e.Message;
        }
    }

    public ValueTask DisposeAsync()
    {
        _writer.Dispose();
        return ValueTask.CompletedTask;
    }

    private static SpoolRetryOutcome RetryOutcome(SqliteConnection connection, string id, long nowMs)
    {
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT state, lease_until, request IS NOT NULL FROM spool WHERE id = $id";
        select.Parameters.AddWithValue("$id", id);
        using var reader = select.ExecuteReader();
        if (!reader.Read())
        {
            return SpoolRetryOutcome.NotFound;
        }

        if (reader.GetString(0) == "delivered" || reader.GetInt64(2) == 0)
        {
            return SpoolRetryOutcome.Delivered;
        }

        return reader.GetInt64(1) > nowMs ? SpoolRetryOutcome.InFlight : SpoolRetryOutcome.Queued;
    }

    private static SpoolEntryInfo? Info(SqliteConnection connection, string id)
    {
        using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {Columns} FROM spool WHERE id = $id";
        select.Parameters.AddWithValue("$id", id);
        using var reader = select.ExecuteReader();
        return reader.Read() ? ReadInfo(reader) : null;
    }

    private static SpoolEntryInfo ReadInfo(SqliteDataReader reader)
    {
        SpoolEntryStates.TryParse(reader.GetString(7), out var state);
        return new SpoolEntryInfo(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            state,
            reader.GetInt32(8),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
            state == SpoolEntryState.Pending && !reader.IsDBNull(9) ? DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)) : null,
            reader.IsDBNull(10) ? null : reader.GetInt32(10),
            reader.IsDBNull(11) ? null : reader.GetString(11),
            reader.GetInt64(12),
            reader.GetString(13))
        {
            IdempotencyKey = reader.GetString(3),
        };
    }

    private static SpoolEntry ReadEntry(SqliteDataReader reader)
    {
        var info = ReadInfo(reader);
        var (method, path, headers) = SpooledRequestCodec.Decode((byte[])reader[15]);
        return new SpoolEntry
        {
            Id = info.Id,
            Route = info.Route,
            Policy = info.Policy,
            IdempotencyKey = info.IdempotencyKey,
            ForwardId = reader.GetString(4),
            SpooledAt = info.SpooledAt,
            GiveUpAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
            Method = method,
            PathAndQuery = path,
            Headers = headers,
            SecretIndex = reader.GetInt32(14),
            Body = (byte[])reader[16],
            BodySha256 = info.BodySha256,
            State = info.State,
            Attempts = info.Attempts,
            NextAttemptAt = info.NextAttemptAt ?? info.SpooledAt,
            LastStatus = info.LastStatus,
            LastError = info.LastError,
        };
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private async Task<T> RunAsync<T>(Func<SqliteConnection, T> work)
    {
        try
        {
            return await _writer.RunAsync(work).ConfigureAwait(false);
        }
        catch (SqliteException e)
        {
            throw new SpoolStoreUnavailableException($"The spool file could not be used (SQLite error {e.SqliteErrorCode}).", e);
        }
    }
}
