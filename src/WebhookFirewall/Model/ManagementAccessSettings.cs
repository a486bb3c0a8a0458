namespace WebhookFirewall.Model;

/// <summary>
/// Who may use the management listener: the Host names it answers (DNS rebinding), and the bearer token of the ledger
/// and spool endpoints. Read once at start-up, with the listener's URL.
/// </summary>
internal sealed record ManagementAccessSettings
{
    /// <summary>`WebhookFirewall:ManagementToken`; null when none is configured.</summary>
    public string? Token { get; init; }

    /// <summary>`WebhookFirewall:ManagementHosts`: extra names (optionally `name:port`) the listener answers to.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];
}
