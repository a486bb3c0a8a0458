namespace WebhookFirewall.Verification;

/// <summary>A signing certificate given in config for the URL a provider names in its requests: never fetched.</summary>
/// <param name="Url">The certificate URL exactly as the provider sends it.</param>
/// <param name="Pem">The certificate, PEM-encoded (the host reads it from the configured file).</param>
public sealed record PinnedCertificate(string Url, string Pem);
