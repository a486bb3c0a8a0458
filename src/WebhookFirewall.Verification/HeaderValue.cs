namespace WebhookFirewall.Verification;

/// <summary>How often a header occurs and, when exactly once, its value.</summary>
public readonly struct HeaderValue
{
    private HeaderValue(HeaderPresence presence, string? value)
    {
        Presence = presence;
        Value = value;
    }

    public HeaderPresence Presence { get; }

    /// <summary>The value when <see cref="Presence"/> is <see cref="HeaderPresence.Single"/>.</summary>
    public string? Value { get; }

    public static HeaderValue Missing => default;

    /// <summary>Several values of one header: ambiguous, so schemes treat it as malformed.</summary>
    public static HeaderValue Multiple => new(HeaderPresence.Multiple, null);

    public static HeaderValue Single(string value) => new(HeaderPresence.Single, value);
}
