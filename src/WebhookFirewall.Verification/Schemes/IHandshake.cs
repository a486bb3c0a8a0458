namespace WebhookFirewall.Verification.Schemes;

/// <summary>
/// A provider handshake the firewall answers itself. Unsigned handshakes (Meta, Dropbox, Asana) are tried before
/// the signature check and prove themselves with their own token, or reveal nothing; signed ones (Slack, Zoom,
/// Twitch, Discord, Okta ...) only after the signature verified.
/// </summary>
internal interface IHandshake
{
    bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result);
}
