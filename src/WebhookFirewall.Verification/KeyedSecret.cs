namespace WebhookFirewall.Verification;

/// <summary>A secret chosen by the key id the request carries (matched ordinally).</summary>
public sealed record KeyedSecret(string KeyId, string Secret);
