namespace WebhookFirewall.Verification;

/// <summary>Read access to request headers without tying the library to a web framework.</summary>
public interface IWebhookHeaders
{
    /// <summary>Looks a header up by name (case-insensitive).</summary>
    HeaderValue Get(string name);
}

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

public enum HeaderPresence
{
    Missing,
    Single,
    Multiple,
}
