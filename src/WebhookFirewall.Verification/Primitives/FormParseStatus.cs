namespace WebhookFirewall.Verification.Primitives;

internal enum FormParseStatus
{
    Parsed,

    /// <summary>More fields than the caller allows: no real sender needs that many, so it is refused unread.</summary>
    TooManyFields,

    /// <summary>A name or value that is not UTF-8 once decoded: the text a provider signed cannot be recovered.</summary>
    InvalidUtf8,
}
