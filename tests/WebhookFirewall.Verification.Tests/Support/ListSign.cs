using System.Globalization;
using System.Text.RegularExpressions;

namespace WebhookFirewall.Verification.Tests.Support;

/// <summary>
/// For the providers whose signature header also carries the timestamp (`t=..,v1=..` and its kin): the BCL's
/// HMAC-SHA256 in the encodings they write, and the mutation that moves the signed timestamp.
/// </summary>
public static class ListSign
{
    /// <summary>Hex HMAC-SHA256 of <paramref name="prefix"/> (the timestamp and its separator) followed by the body.</summary>
    public static string Hex(string secret, string prefix, byte[] body) => Sign.Sha256Hex(secret, Sign.Concat(prefix, body));

    /// <summary>As Sanity's webhook-toolkit writes it: base64 with `+` → `-`, `/` → `_` and the padding removed.</summary>
    public static string Base64UrlNoPadding(string secret, string prefix, byte[] body) =>
        Sign.Sha256Base64(secret, Sign.Concat(prefix, body)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    /// <summary>Moves the number captured by <paramref name="pattern"/>'s first group by a few units either way.</summary>
    public static void ShiftTimestamp(Request request, string header, string pattern, Random random)
    {
        var delta = random.Next(1, 100) * (random.Next(2) == 0 ? 1 : -1);
        var value = Regex.Replace(
            request.Headers.Get(header).Value!,
            pattern,
            m =>
            {
                var digits = m.Groups[1];
                var shifted = (long.Parse(digits.Value, CultureInfo.InvariantCulture) + delta).ToString(CultureInfo.InvariantCulture);
                return m.Value[..(digits.Index - m.Index)] + shifted + m.Value[(digits.Index - m.Index + digits.Length)..];
            });
        request.ReplaceHeader(header, value);
    }

    /// <summary>One of <paramref name="changes"/>, picked at random: an oracle's mutation.</summary>
    public static void OneOf(Random random, params Action[] changes) => changes[random.Next(changes.Length)]();
}
