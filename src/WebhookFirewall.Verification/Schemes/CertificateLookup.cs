using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Schemes;

/// <summary>The certificate a message names: pinned (with its index), cached or fetched (with its cache key), or why there is none.</summary>
internal readonly record struct CertificateLookup(SigningCertificate? Certificate, int Index, string? CacheKey, string? Failure);
