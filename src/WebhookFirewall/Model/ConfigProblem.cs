namespace WebhookFirewall.Model;

/// <summary>
/// One configuration problem, located by its config path (e.g. `WebhookFirewall:Policies:github:Secrets`). The only
/// problem type of the host: readers collect them, validators report them, the CLI prints them.
/// </summary>
internal readonly record struct ConfigProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
