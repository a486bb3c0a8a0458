namespace WebhookFirewall.Verification;

/// <summary>
/// Produces the headers a provider would send for a body: what the `sign` verb prints and what tests send. The
/// first configured secret (or key) signs.
/// </summary>
public interface IWebhookSigner
{
    void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers);
}
