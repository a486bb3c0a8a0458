namespace WebhookFirewall.Verification.Primitives;

internal enum TimestampUnit
{
    UnixSeconds,
    UnixMilliseconds,

    /// <summary>RFC 3339: a date and time with an explicit offset or 'Z'.</summary>
    Rfc3339,

    /// <summary>ISO 8601 as Orb writes it: an offset or 'Z' when present, UTC when absent.</summary>
    Iso8601,
}
