using System.Diagnostics;
using System.Text;

namespace WebhookFirewall.Tests.Infrastructure;

/// <summary>The real binary serving in the background: waited for until its management listener answers, killed with SIGKILL.</summary>
public sealed class BackgroundFirewall : IAsyncDisposable
{
    // Killed when the test process exits, whatever happened to the test (a failed test may never dispose).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Process, bool> Running = new();

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    static BackgroundFirewall() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
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

    internal BackgroundFirewall(ProcessStartInfo start)
    {
        _process = Process.Start(start)!;
        Running.TryAdd(_process, true);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything the process printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Waits until `/healthz` answers on <paramref name="management"/> and the public listener answers at all (the
    /// management host starts first); throws with the output if they never do.
    /// </summary>
    public async Task WaitUntilServingAsync(Uri management, Uri? address = null, TimeSpan? timeout = null)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var health = await client.GetAsync(new Uri(management, "/healthz"));
                if (health.IsSuccessStatusCode)
                {
                    if (address is null)
                    {
                        return;
                    }

                    // Any answer will do (no route matches: 404): the listener is up.
                    using var _ = await client.GetAsync(new Uri(address, "/"));
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("The firewall did not start serving: " + Output);
    }

    /// <summary>SIGKILL: no shutdown, no drain, nothing flushed that was not already on disk.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Running.TryRemove(_process, out _);
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
