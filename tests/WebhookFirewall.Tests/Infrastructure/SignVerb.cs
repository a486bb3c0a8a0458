namespace WebhookFirewall.Tests.Infrastructure;

/// <summary>Runs the real binary's `sign` verb over a body and puts the headers it prints on a request.</summary>
public static class SignVerb
{
    /// <summary>Writes <paramref name="body"/> to a file, runs `sign` with <paramref name="arguments"/> and adds its lines.</summary>
    public static async Task SignAsync(HttpRequestMessage request, byte[] body, TempDirectory directory, params string[] arguments)
    {
        var bodyFile = directory.Write($"sign-{Guid.NewGuid():N}.body", body);

        var (exitCode, stdout, stderr) = await FirewallProcess.RunAsync(["sign", .. arguments, "--body-file", bodyFile]);

        Assert.True(exitCode == 0, stderr);
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            Assert.True(request.Headers.TryAddWithoutValidation(line[..colon], line[(colon + 1)..].Trim()), line);
        }
    }
}
