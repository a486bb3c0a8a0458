using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Schemes;

internal enum SignatureListStatus
{
    Parsed,

    /// <summary>Not laid out as the provider lays it out (an entry without '=', an undecodable strict entry ...).</summary>
    NotTheFormat,

    /// <summary>More signature entries than any rotation needs: unauthenticated input is not given that much work.</summary>
    TooMany,

    /// <summary>No signature entry that decodes.</summary>
    NoSignature,

    /// <summary>The timestamp entry is missing or repeated.</summary>
    NoTimestamp,
}

/// <summary>
/// The one parser of signature lists in a header value (Stripe, Paddle, Calendly, PagerDuty, CircleCI, Standard
/// Webhooks and their kin). It owns the rule for unauthenticated input: at most <see cref="MaxSignatures"/>
/// signature entries, decoded into a caller's stack buffer; entries of other schemes are skipped.
/// </summary>
internal static class SignatureList
{
    public const int MaxSignatures = 16;

    /// <summary>
    /// Decodes the signature entries into <paramref name="candidates"/> (laid end to end, <paramref name="macSize"/>
    /// bytes each); <paramref name="timestamp"/> is the timestamp entry's text when the format has one.
    /// </summary>
    public static SignatureListStatus Parse(
        ReadOnlySpan<char> text,
        SignatureListFormat format,
        SignatureEncoding encoding,
        int macSize,
        scoped Span<byte> candidates,
        out int count,
        out int listed,
        out ReadOnlySpan<char> timestamp)
    {
        count = 0;
        listed = 0;
        if (format.SetSeparator is not { } setSeparator)
        {
            var status = ParseSet(text, format, encoding, macSize, candidates, ref count, ref listed, out timestamp);
            return status != SignatureListStatus.Parsed ? status : Conclude(count);
        }

        timestamp = default;
        var first = true;
        foreach (var range in text.Split(setSeparator))
        {
            var status = ParseSet(text[range], format, encoding, macSize, candidates, ref count, ref listed, out var setTimestamp);
            if (status != SignatureListStatus.Parsed)
            {
                return status;
            }

            if (first)
            {
                timestamp = setTimestamp;
                first = false;
            }
            else if (!setTimestamp.SequenceEqual(timestamp))
            {
                // One request is sent at one time; sets that disagree are not the provider's.
                return SignatureListStatus.NotTheFormat;
            }
        }

        return Conclude(count);
    }

    private static SignatureListStatus Conclude(int count) => count == 0 ? SignatureListStatus.NoSignature : SignatureListStatus.Parsed;

    /// <summary>One set of entries: its signatures are added after those already in <paramref name="candidates"/>.</summary>
    private static SignatureListStatus ParseSet(
        ReadOnlySpan<char> text,
        SignatureListFormat format,
        SignatureEncoding encoding,
        int macSize,
        scoped Span<byte> candidates,
        scoped ref int count,
        scoped ref int listed,
        out ReadOnlySpan<char> timestamp)
    {
        timestamp = default;
        var timestamps = 0;
        var first = true;
        foreach (var range in text.Split(format.Separator))
        {
            var entry = text[range].Trim();
            if (first && format.TimestampFirst)
            {
                first = false;
                timestamp = entry;
                timestamps++;
                continue;
            }

            first = false;
            ReadOnlySpan<char> signature;
            if (format.KeyValue)
            {
                var equals = entry.IndexOf('=');
                if (equals <= 0)
                {
                    return SignatureListStatus.NotTheFormat;
                }

                var key = entry[..equals];
                if (format.TimestampKey is not null && key.SequenceEqual(format.TimestampKey))
                {
                    timestamp = entry[(equals + 1)..];
                    timestamps++;
                    continue;
                }

                if (!key.SequenceEqual(format.SignatureKey))
                {
                    continue;
                }

                signature = entry[(equals + 1)..];
            }
            else
            {
                if (entry.IsEmpty || !entry.StartsWith(format.SignatureKey, StringComparison.Ordinal))
                {
                    continue;
                }

                signature = entry[format.SignatureKey.Length..];
            }

            if (++listed > MaxSignatures)
            {
                return SignatureListStatus.TooMany;
            }

            if (SignatureDecoder.TryDecode(signature, encoding, candidates[(count * macSize)..], macSize))
            {
                count++;
            }
            else if (format.StrictEntries)
            {
                return SignatureListStatus.NotTheFormat;
            }
        }

        return format.HasTimestamp && timestamps != 1 ? SignatureListStatus.NoTimestamp : SignatureListStatus.Parsed;
    }
}
