namespace WebhookFirewall.Ledger;

/// <summary>
/// The start of a verified JSON body, as a policy with `Ledger:CapturePayloads` lets the ledger keep it: at most
/// `MaxCapturedBytes` of UTF-8, with credential and listed fields replaced by "[redacted]".
/// </summary>
internal sealed record CapturedPayload(string Text, bool Truncated, bool Redacted);
