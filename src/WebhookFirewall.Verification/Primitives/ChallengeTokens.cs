using System.Buffers;

namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// The shape a caller-chosen challenge token must have before a handshake answers it with a MAC under the key that
/// signs deliveries (Twitter's CRC, Zoom's url_validation): no `{`, `}`, `"`, `:` or whitespace, at most 256
/// characters. Every body those providers deliver is a JSON object and every signed string they build holds a `:`
/// or the body, so the MAC of such a token can never pass for a delivery's signature.
/// </summary>
internal static class ChallengeTokens
{
    public const int MaxLength = 256;

    public const string Rule = "at most 256 characters, none of `{`, `}`, a quote, `:` or whitespace";

    private static readonly SearchValues<char> Refused = SearchValues.Create("{}\":");

    public static bool CannotBeADelivery(string token)
    {
        if (token.Length is 0 or > MaxLength || token.AsSpan().ContainsAny(Refused))
        {
            return false;
        }

        foreach (var c in token)
        {
            if (char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }
}
