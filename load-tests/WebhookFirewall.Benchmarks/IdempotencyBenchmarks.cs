using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using WebhookFirewall.Idempotency;

namespace WebhookFirewall.Benchmarks;

/// <summary>
/// Claim + settle of one new delivery: what idempotency adds to each forwarded request. Redis runs on loopback,
/// started here on a free port (redis-server must be installed).
/// </summary>
[MemoryDiagnoser]
public class IdempotencyBenchmarks
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(150);
    private static readonly TimeSpan Ttl = TimeSpan.FromDays(1);

    private IIdempotencyStore _store = null!;
    private Process? _redis;
    private long _next;

    [Params("memory", "redis")]
    public string Store { get; set; } = "memory";

    [GlobalSetup]
    public void Setup()
    {
        if (Store == "memory")
        {
            _store = new MemoryIdempotencyStore(TimeProvider.System, 10_000_000, TimeSpan.FromMinutes(1));
            return;
        }

        var port = FreePort();
        _redis = Process.Start(new ProcessStartInfo("redis-server", $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly no") { RedirectStandardOutput = true })!;
        WaitForPort(port);
        _store = RedisIdempotencyStore.Connect($"127.0.0.1:{port}", "bench:");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        (_store as IDisposable)?.Dispose();
        (_store as IAsyncDisposable)?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _redis?.Kill();
    }

    [Benchmark]
    public async Task ClaimAndSettle()
    {
        var key = "github:" + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var claim = await _store.TryClaimAsync(key, Lease, CancellationToken.None);
        await _store.SettleAsync(claim.Claim!, 200, Ttl, CancellationToken.None);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void WaitForPort(int port)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new InvalidOperationException("redis-server did not start");
    }
}
