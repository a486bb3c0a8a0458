namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// The bounds on fetching key material. Everything a fetch is started for came from an unauthenticated request
/// (a certificate URL, a key id), so each bound caps what a sender can make the firewall do on its behalf.
/// </summary>
internal sealed record KeyFetchLimits
{
    public static KeyFetchLimits Default { get; } = new();

    /// <summary>A provider's key endpoint answers in well under this, or the provider is down and will retry later.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Certificates, JWKS and key answers are a few kilobytes; anything far larger is not key material.</summary>
    public int MaxResponseBytes { get; init; } = 64 * 1024;

    /// <summary>Distinct URLs held at once (keys, certificates, failures); a full cache refuses new URLs rather than drop keys in use.</summary>
    public int Capacity { get; init; } = 512;

    /// <summary>A failed fetch is not retried for this long: a burst of requests naming a bad URL costs one fetch.</summary>
    public TimeSpan NegativeTtl { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Fetches of URLs not yet cached, per provider per minute: a sender naming ever new URLs or key ids gets this many.</summary>
    public int NewUrlsPerMinute { get; init; } = 10;

    /// <summary>A key that verified a message within this time is never evicted to make room for an unknown URL.</summary>
    public TimeSpan InUse { get; init; } = TimeSpan.FromDays(1);

    /// <summary>A document of several keys (a JWKS) is fetched again for an unknown key id at most this often.</summary>
    public TimeSpan MinRefreshInterval { get; init; } = TimeSpan.FromMinutes(1);
}
