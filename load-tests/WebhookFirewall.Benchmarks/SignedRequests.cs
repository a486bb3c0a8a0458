using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Providers;

namespace WebhookFirewall.Benchmarks;

/// <summary>
/// A verifier and a request it accepts, for each benchmarked provider: signed here with the BCL's HMAC, or with a
/// fresh key pair for the public-key schemes.
/// </summary>
internal static class SignedRequests
{
    public const string Secret = "benchmark-secret-0123456789abcdef";

    /// <summary>Inside the default five-minute window of every signed timestamp below.</summary>
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static readonly string Timestamp = (Now.ToUnixTimeSeconds() - 30).ToString(CultureInfo.InvariantCulture);

    private static readonly string WhsecSecret = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret));

    public static (IWebhookVerifier Verifier, WebhookRequest Request) Create(string provider, int bodySize)
    {
        var body = JsonBody(bodySize);
        if (provider is "discord" or "sendgrid")
        {
            return SignedWithPrivateKey(provider, body);
        }

        var (secret, headers) = provider switch
        {
            "github" => (Secret, new Dictionary<string, string>
            {
                ["X-Hub-Signature-256"] = "sha256=" + Hex(body),
                ["X-GitHub-Delivery"] = "72d3162e-cc78-11e3-81ab-4c9367dc0958",
            }),
            "stripe" => (Secret, new Dictionary<string, string>
            {
                ["Stripe-Signature"] = $"t={Timestamp},v1={Hex(Prefixed(Timestamp + ".", body))}",
            }),
            "standard-webhooks" => (WhsecSecret, new Dictionary<string, string>
            {
                ["webhook-id"] = "msg_p5jXN8AQM9LWM0D4loKWxJek",
                ["webhook-timestamp"] = Timestamp,
                ["webhook-signature"] = "v1," + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Prefixed($"msg_p5jXN8AQM9LWM0D4loKWxJek.{Timestamp}.", body))),
            }),
            "slack" => (Secret, new Dictionary<string, string>
            {
                ["X-Slack-Signature"] = "v0=" + Hex(Prefixed($"v0:{Timestamp}:", body)),
                ["X-Slack-Request-Timestamp"] = Timestamp,
            }),
            "shopify" => (Secret, new Dictionary<string, string>
            {
                ["X-Shopify-Hmac-Sha256"] = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body)),
                ["X-Shopify-Webhook-Id"] = "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
            }),
            "gitlab" => (Secret, new Dictionary<string, string>
            {
                ["X-Gitlab-Token"] = Secret,
                ["Idempotency-Key"] = "2b6e8f5e-0b4e-4a88-9d1c-7c55a4f2e1a0",
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "not benchmarked"),
        };

        return Checked(provider, new ProviderSettings { Secrets = [secret] }, headers, body);
    }

    /// <summary>The two public-key schemes: Discord (Ed25519, through NSec) and SendGrid (ECDSA P-256, the BCL).</summary>
    private static (IWebhookVerifier, WebhookRequest) SignedWithPrivateKey(string provider, byte[] body)
    {
        var signed = Prefixed(Timestamp, body);
        if (provider == "discord")
        {
            using var key = NSec.Cryptography.Key.Create(NSec.Cryptography.SignatureAlgorithm.Ed25519);
            var publicKey = Convert.ToHexStringLower(key.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.RawPublicKey));
            return Checked(provider, new ProviderSettings { PublicKey = publicKey }, new Dictionary<string, string>
            {
                ["X-Signature-Ed25519"] = Convert.ToHexStringLower(NSec.Cryptography.SignatureAlgorithm.Ed25519.Sign(key, signed)),
                ["X-Signature-Timestamp"] = Timestamp,
            }, body);
        }

        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spki = Convert.ToBase64String(ecdsa.ExportSubjectPublicKeyInfo());
        return Checked(provider, new ProviderSettings { PublicKey = spki }, new Dictionary<string, string>
        {
            ["X-Twilio-Email-Event-Webhook-Signature"] = Convert.ToBase64String(ecdsa.SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)),
            ["X-Twilio-Email-Event-Webhook-Timestamp"] = Timestamp,
        }, body);
    }

    private static (IWebhookVerifier, WebhookRequest) Checked(string provider, ProviderSettings settings, Dictionary<string, string> headers, byte[] body)
    {
        var problems = new List<SettingProblem>();
        var verifier = ProviderCatalogue.Create(provider, settings, problems)
            ?? throw new InvalidOperationException(string.Join("; ", problems));
        var request = new WebhookRequest("POST", new BenchmarkHeaders(headers), body, Now);
        var result = verifier.Verify(request);
        return result.IsVerified ? (verifier, request) : throw new InvalidOperationException($"{provider}: setup request does not verify: {result}");
    }

    /// <summary>
    /// A JSON body of exactly <paramref name="size"/> bytes carrying the ids the providers read (`id` first, as Stripe
    /// sends it; `event_id` last, as Slack does), so the delivery-id lookups do their real work.
    /// </summary>
    private static byte[] JsonBody(int size)
    {
        const string head = "{\"id\":\"evt_1NG8Du2eZvKYlo2CUI79vXWy\",\"type\":\"event_callback\",\"data\":\"";
        const string tail = "\",\"event_id\":\"Ev08MFMKH6\"}";
        var padding = size - head.Length - tail.Length;
        return Encoding.UTF8.GetBytes(head + new string('x', padding) + tail);
    }

    private static byte[] Prefixed(string prefix, byte[] body) => [.. Encoding.UTF8.GetBytes(prefix), .. body];

    private static string Hex(byte[] content) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), content));
}
