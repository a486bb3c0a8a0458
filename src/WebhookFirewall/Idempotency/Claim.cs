namespace WebhookFirewall.Idempotency;

/// <summary>
/// A claim on one delivery; <see cref="Token"/> proves ownership to the store. A store may hand out a subclass
/// carrying what it needs to find the claim again without recomputing it.
/// </summary>
internal class Claim(string key, string token)
{
    public string Key { get; } = key;

    public string Token { get; } = token;
}
