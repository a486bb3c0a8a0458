using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WebhookFirewall.Tests.Infrastructure;

/// <summary>
/// A real redis-server on a free loopback port, started and stopped by the tests (stop and start again on the same
/// port to simulate an outage). Tests skip with a reason when the binary is absent; CI installs it.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    // Servers still running when the test process exits (a fixture whose InitializeAsync failed is never disposed by
    // xunit): killed then, so no redis-server outlives the test run.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Process, bool> Running = new();

    private Process? _process;

    static RedisServer() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Running.Keys)
        {
            try
            {
                process.Kill();
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        }
    };

    private readonly string? _dataDirectory;

    private RedisServer(int port, string? dataDirectory)
    {
        Port = port;
        _dataDirectory = dataDirectory;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static string? Binary => new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);

    public static async Task<RedisServer> StartAsync()
    {
        Skip.If(Binary is null, "redis-server is not installed (CI installs it: apt-get install -y redis-server)");
        var server = new RedisServer(FreePort(), null);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>
    /// A server that persists every write before it answers (`appendonly yes`, `appendfsync always`) into
    /// <paramref name="dataDirectory"/>, as the spool requires: stopped and started again, it still has every entry.
    /// </summary>
    public static async Task<RedisServer> StartDurableAsync(string dataDirectory)
    {
        Skip.If(Binary is null, "redis-server is not installed (CI installs it: apt-get install -y redis-server)");
        var server = new RedisServer(FreePort(), dataDirectory);
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(Binary!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] persistence = _dataDirectory is null
            ? ["--appendonly", "no"]
            : ["--appendonly", "yes", "--appendfsync", "always", "--dir", _dataDirectory];
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--protected-mode", "no", "--enable-debug-command", "local" }.Concat(persistence))
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start)!;
        Running.TryAdd(_process, true);
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"redis-server did not start on port {Port}");
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        if (_process is not null)
        {
            Running.TryRemove(_process, out _);
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A port nothing listens on now and that this test process has not handed out before: the kernel may give the
    /// same ephemeral port to two binds in a row once the first listener is closed, and two servers of one test
    /// (a firewall's public and management listeners) would then collide.
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (HandedOut)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
