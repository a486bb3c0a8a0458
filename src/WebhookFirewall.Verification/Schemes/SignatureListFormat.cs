namespace WebhookFirewall.Verification.Schemes;

/// <summary>How a provider lays several signatures (and perhaps the timestamp) out in one header value.</summary>
internal sealed record SignatureListFormat
{
    /// <summary>What separates the entries (',' for Stripe, ';' for Paddle, ' ' for Standard Webhooks).</summary>
    public required char Separator { get; init; }

    /// <summary>
    /// The signature entries' key: with <see cref="KeyValue"/> the key before '=' ("v1", "h1"); otherwise the prefix an
    /// entry starts with ("v1=", "v1,"; empty when every entry is a signature).
    /// </summary>
    public required string SignatureKey { get; init; }

    /// <summary>Every entry is `key=value`; an entry without '=' means the header is not in this format at all.</summary>
    public bool KeyValue { get; init; }

    /// <summary>With <see cref="KeyValue"/>: the key of the one timestamp entry ("t", "ts").</summary>
    public string? TimestampKey { get; init; }

    /// <summary>The first entry is the timestamp, without a key (Recurly).</summary>
    public bool TimestampFirst { get; init; }

    /// <summary>A signature entry that does not decode makes the header malformed (Stripe), rather than being skipped.</summary>
    public bool StrictEntries { get; init; }

    /// <summary>
    /// What separates whole sets of entries, each with its own timestamp entry (Persona sends two `t=..,v1=..` sets,
    /// space-separated, while a secret rotates). The sets must carry the same timestamp, so that the body is still
    /// hashed once per key, however many sets an unauthenticated sender lists.
    /// </summary>
    public char? SetSeparator { get; init; }

    public bool HasTimestamp => TimestampKey is not null || TimestampFirst;

    /// <summary>In words, for reasons and summaries: "t=..,v1=.." or "v1,<sig> list (space-separated)".</summary>
    public string Describe(string encodedSignature)
    {
        if (KeyValue)
        {
            var timestamp = TimestampKey is null ? string.Empty : $"{TimestampKey}=..{Separator}";
            var set = $"{timestamp}{SignatureKey}={encodedSignature}";
            return SetSeparator is { } sets
                ? $"{set}[{sets}{timestamp}{SignatureKey}=..] (sets {(sets == ' ' ? "space" : $"'{sets}'")}-separated, one timestamp)"
                : $"{set}[{Separator}{SignatureKey}=..]";
        }

        var first = TimestampFirst ? $"timestamp{Separator}" : string.Empty;
        return $"{first}{SignatureKey}{encodedSignature}[{Separator}{SignatureKey}..]";
    }
}
