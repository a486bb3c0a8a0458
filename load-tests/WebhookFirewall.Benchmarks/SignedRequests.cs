using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Providers;

namespace WebhookFirewall.Benchmarks;

/// <summary>A verifier and a request it accepts, for each benchmarked provider; signed here with the BCL's HMAC.</summary>
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

        var problems = new List<SettingProblem>();
        var verifier = ProviderCatalogue.Create(provider, new ProviderSettings { Secrets = [secret] }, problems)
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
