namespace WebhookFirewall.Commands;

/// <summary>What the firewall would do with a request: the ledger's outcome, status, code and reason, and the exit code saying so.</summary>
internal sealed record Diagnosis(string Outcome, int Status, string? Code, string? Reason, int ExitCode)
{
    /// <summary>Would be forwarded verified, or answered as a verified handshake.</summary>
    public const int Forwarded = 0;

    /// <summary>Would be refused (nothing forwarded).</summary>
    public const int Refused = 1;

    /// <summary>Usage, configuration or request file unusable (as `validate`: every problem printed).</summary>
    public const int Unusable = 2;

    /// <summary>Cannot tell offline: the provider's key would have to be fetched.</summary>
    public const int Undetermined = 3;

    /// <summary>Would be forwarded although verification failed (a Report-mode policy), marked as failed.</summary>
    public const int ForwardedUnverified = 4;

    public List<string> Notes { get; } = [];
}
