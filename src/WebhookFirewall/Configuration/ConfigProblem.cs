namespace WebhookFirewall.Configuration;

/// <summary>One configuration problem, located by its config path (e.g. `WebhookFirewall:Policies:github:Secrets`).</summary>
internal readonly record struct ConfigProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
