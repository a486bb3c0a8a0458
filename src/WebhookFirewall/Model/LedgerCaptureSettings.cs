namespace WebhookFirewall.Model;

/// <summary>
/// A policy's `Ledger` section: whether the ledger keeps (a redacted prefix of) its verified bodies. Off by default:
/// a payload is the one thing a ledger entry could leak, so a policy opts in, field by field.
/// </summary>
internal sealed record LedgerCaptureSettings(bool CapturePayloads, int MaxCapturedBytes, IReadOnlyList<string> RedactFields)
{
    public const int DefaultMaxCapturedBytes = 16384;

    public static readonly LedgerCaptureSettings Off = new(false, DefaultMaxCapturedBytes, []);
}
