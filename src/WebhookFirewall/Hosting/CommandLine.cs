namespace WebhookFirewall.Hosting;

/// <summary>Splits our own options (`--config FILE`) from the ones ASP.NET Core reads (`--urls`, any `--Key value`).</summary>
internal static class CommandLine
{
    /// <summary>Takes `--config FILE` and `--secrets-dir DIR` out of the arguments the host sees.</summary>
    public static (string? ConfigPath, string? SecretsDirectory, string[] HostArgs) ExtractOwnOptions(IReadOnlyList<string> args)
    {
        string? configPath = null;
        string? secretsDirectory = null;
        var rest = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--config" && i + 1 < args.Count)
            {
                configPath = args[++i];
            }
            else if (arg.StartsWith("--config=", StringComparison.Ordinal))
            {
                configPath = arg["--config=".Length..];
            }
            else if (arg is "--secrets-dir" && i + 1 < args.Count)
            {
                secretsDirectory = args[++i];
            }
            else if (arg.StartsWith("--secrets-dir=", StringComparison.Ordinal))
            {
                secretsDirectory = arg["--secrets-dir=".Length..];
            }
            else
            {
                rest.Add(arg);
            }
        }

        return (configPath, secretsDirectory, rest.ToArray());
    }

    /// <summary>The value of `--name VALUE` or `--name=VALUE`, or null.</summary>
    public static string? Option(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == name && i + 1 < args.Count)
            {
                return args[i + 1];
            }

            if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                return args[i][(name.Length + 1)..];
            }
        }

        return null;
    }
}
