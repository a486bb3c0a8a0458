using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Schemes;

/// <summary>The opening every header scheme shares: the signature header exactly once, and its value in the provider's encoding.</summary>
internal static class SignatureHeaders
{
    /// <summary>The header's one value; else the failure its absence (missing) or repetition (malformed) is.</summary>
    public static bool TryGetSingle(in WebhookRequest request, string header, out string value, out SignatureCheckResult failure, string? missingAdvice = null)
    {
        var presented = request.Headers.Get(header);
        value = presented.Value ?? string.Empty;
        failure = presented.Presence switch
        {
            HeaderPresence.Missing => SignatureCheckResult.Fail(FailureCode.MissingSignature, missingAdvice is null ? Reasons.Missing(header) : $"{Reasons.Missing(header)} {missingAdvice}"),
            HeaderPresence.Multiple => SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.Repeated(header)),
            _ => default,
        };
        return presented.Presence == HeaderPresence.Single;
    }

    /// <summary>As <see cref="TryGetSingle"/>, the value then decoded into exactly <paramref name="size"/> bytes (else malformed).</summary>
    public static bool TryDecodeSingle(in WebhookRequest request, string header, SignatureEncoding encoding, Span<byte> presented, out SignatureCheckResult failure, string? missingAdvice = null)
    {
        if (!TryGetSingle(request, header, out var value, out failure, missingAdvice))
        {
            return false;
        }

        if (SignatureDecoder.TryDecode(value.AsSpan().Trim(), encoding, presented, presented.Length))
        {
            return true;
        }

        failure = SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.NotInFormat(header, Reasons.Shape(string.Empty, encoding, presented.Length)));
        return false;
    }
}
