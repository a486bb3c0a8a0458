namespace WebhookFirewall.Verification;

/// <summary>
/// Produces the headers a provider would send for a body: what the `sign` verb prints and what tests send. The
/// first configured secret (or key) signs.
/// </summary>
public interface IWebhookSigner
{
    void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers);
}

/// <summary>What is signed: the body, the moment, the delivery id and (for providers that sign it) the URL.</summary>
public sealed record SigningInput(byte[] Body, DateTimeOffset Timestamp, string DeliveryId, string Method = "POST", string? Url = null);
