using System.Diagnostics;

namespace WebhookFirewall.Tests.Infrastructure;

/// <summary>Runs the real firewall binary, as an operator would, and captures what it prints.</summary>
public static class FirewallProcess
{
    /// <summary>
    /// Starts the binary serving in the background (its output collected), for tests that kill it — SIGKILL, no
    /// shutdown — and start it again.
    /// </summary>
    public static BackgroundFirewall Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        new(Prepare(args, environment));

    internal static ProcessStartInfo Prepare(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "WebhookFirewall.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("WebhookFirewall__", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return start;
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        // The test runner's own settings are kept from leaking into the child.
        var start = Prepare(args, environment);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The firewall process did not exit: " + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
