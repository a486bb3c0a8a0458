namespace WebhookFirewall.Verification;

/// <summary>
/// Produces the headers a provider would send for a body: what the `sign` verb prints and what tests send. The
/// first configured secret (or key) signs.
/// </summary>
public interface IWebhookSigner
{
    void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers);

    /// <summary>
    /// The body to send with those headers: the input's own, except for a provider that signs inside the body (AWS
    /// SNS), whose signer writes the whole message from the fields the input body gives.
    /// </summary>
    byte[] SignedBody(SigningInput input) => input.Body;
}
