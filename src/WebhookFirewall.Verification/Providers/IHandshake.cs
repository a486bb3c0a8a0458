namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// A provider handshake the firewall answers itself. Unsigned handshakes (Meta, Dropbox, Okta GET) are tried before
/// the signature check and prove themselves with their own token; signed ones (Slack, Zoom, Twitch, Discord) only
/// after the signature verified.
/// </summary>
public interface IHandshake
{
    bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result);
}
