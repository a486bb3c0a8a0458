namespace WebhookFirewall.Commands;

internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Something outside the config stopped the process (a port in use, ...).</summary>
    public const int Failure = 1;

    /// <summary>The configuration is invalid; every problem was printed.</summary>
    public const int InvalidConfiguration = 2;
}
