namespace WebhookFirewall.Ledger;

/// <summary>
/// The request's header names, all of them, and the values of the few that are safe to keep: Content-Type (kept on
/// the entry itself), User-Agent and the provider's event-type header. Every other value may be a credential.
/// </summary>
internal sealed class LedgerHeaders(string[] names, string? userAgent, string? eventTypeHeader, string? eventType)
{
    public static readonly LedgerHeaders None = new([], null, null, null);

    public IReadOnlyList<string> Names { get; } = names;

    public string? UserAgent { get; } = userAgent;

    /// <summary>The provider's event-type header name, as the provider declares it.</summary>
    public string? EventTypeHeader { get; } = eventTypeHeader;

    public string? EventType { get; } = eventType;

    /// <summary>The value kept for <paramref name="name"/>, or null when its value is not recorded.</summary>
    public string? ValueOf(string name, string? contentType)
    {
        if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
        {
            return contentType;
        }

        if (string.Equals(name, "User-Agent", StringComparison.OrdinalIgnoreCase))
        {
            return UserAgent;
        }

        return EventTypeHeader is not null && string.Equals(name, EventTypeHeader, StringComparison.OrdinalIgnoreCase) ? EventType : null;
    }
}
