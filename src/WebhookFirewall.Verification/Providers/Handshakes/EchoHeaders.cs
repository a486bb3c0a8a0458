namespace WebhookFirewall.Verification.Providers.Handshakes;

/// <summary>What every handshake that echoes the caller's text back sends with it: the echo is never sniffed as HTML.</summary>
internal static class EchoHeaders
{
    public static readonly KeyValuePair<string, string>[] NoSniff = [new("X-Content-Type-Options", "nosniff")];
}
