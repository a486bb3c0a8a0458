using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Model;

/// <summary>
/// The firewall's own mark that a backend can check cryptographically: exactly what the Standard Webhooks
/// specification computes for `webhook-id` / `-timestamp` / `-signature`, under the firewall's header names —
/// `v1,` base64 HMAC-SHA256 of `{id}.{timestamp}.{body}` with the key base64-decoded after `whsec_`, one per secret,
/// space-separated (rotation). A backend verifies it with any Standard Webhooks library given those header names.
/// </summary>
internal sealed class ForwardSigner
{
    public const string IdHeader = "X-Webhook-Firewall-Id";
    public const string TimestampHeader = "X-Webhook-Firewall-Timestamp";
    public const string SignatureHeader = "X-Webhook-Firewall-Signature";

    private readonly ThreadLocal<IncrementalHash>[] _macs;

    private ForwardSigner(byte[][] keys) =>
        _macs = keys.Select(key => new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key))).ToArray();

    /// <summary>
    /// A signer for <paramref name="secrets"/>, or null with the problems listed. The secrets follow the rules of a
    /// Standard Webhooks policy's own secrets (the catalogue checks them: no surrounding whitespace, base64 after
    /// `whsec_`, no empty key), so the two can never disagree.
    /// </summary>
    public static ForwardSigner? Create(IReadOnlyList<string> secrets, ICollection<SettingProblem> problems)
    {
        if (secrets.Count == 0)
        {
            problems.Add(new SettingProblem("Secrets", "ForwardSignature needs at least one secret (whsec_ followed by base64)"));
            return null;
        }

        var before = problems.Count;
        if (ProviderCatalogue.Create("standard-webhooks", new ProviderSettings { Secrets = secrets }, problems) is null || problems.Count > before)
        {
            return null;
        }

        var keys = secrets.Select(s => Convert.FromBase64String(s.StartsWith("whsec_", StringComparison.Ordinal) ? s["whsec_".Length..] : s)).ToArray();
        return new ForwardSigner(keys);
    }

    /// <summary>The three headers for a request forwarded now.</summary>
    public void AddTo(ICollection<KeyValuePair<string, string>> headers, string id, DateTimeOffset now, ReadOnlySpan<byte> body)
    {
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        headers.Add(new(IdHeader, id));
        headers.Add(new(TimestampHeader, timestamp));
        headers.Add(new(SignatureHeader, Signature(id, timestamp, body)));
    }

    public string Signature(string id, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(string.Concat(id, ".", timestamp, "."));
        var signatures = new StringBuilder(_macs.Length * 48);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        foreach (var context in _macs)
        {
            // Appended in parts: the body is hashed where it lies, never copied behind the id and timestamp.
            var hmac = context.Value!;
            hmac.AppendData(prefix);
            hmac.AppendData(body);
            hmac.GetHashAndReset(mac);
            if (signatures.Length > 0)
            {
                signatures.Append(' ');
            }

            signatures.Append("v1,").Append(Convert.ToBase64String(mac));
        }

        return signatures.ToString();
    }
}
