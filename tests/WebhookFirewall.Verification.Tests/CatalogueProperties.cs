using System.Security.Cryptography;
using System.Text;
using CsCheck;
using WebhookFirewall.Verification.Providers;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests;

/// <summary>
/// Property-based (CsCheck, with shrinking): for EVERY provider in the catalogue — including any added later, which
/// this test picks up by itself — arbitrary methods, headers (names every provider reads, values shaped like theirs
/// or plain junk, repeated or not), query strings and bodies never make Verify throw and never verify without the
/// secret. Some handshakes are unsigned by design (Dropbox GET, the CloudEvents OPTIONS probe): a Challenge is
/// allowed, a Verified never.
/// </summary>
public sealed class CatalogueProperties
{
    private const string Secret = "catalogue-property-secret";

    private static readonly string[] HeaderNames =
    [
        "X-Hub-Signature", "X-Hub-Signature-256", "X-GitHub-Delivery", "X-Gitlab-Token", "Idempotency-Key", "Stripe-Signature",
        "X-Slack-Signature", "X-Slack-Request-Timestamp", "X-Telegram-Bot-Api-Secret-Token", "X-Shopify-Hmac-Sha256",
        "webhook-id", "webhook-timestamp", "webhook-signature", "svix-id", "svix-timestamp", "svix-signature",
        "X-Twilio-Signature", "x-zm-signature", "x-zm-request-timestamp", "X-Signature-Ed25519", "X-Signature-Timestamp",
        "Twitch-Eventsub-Message-Signature", "Twitch-Eventsub-Message-Id", "Twitch-Eventsub-Message-Timestamp",
        "Twitch-Eventsub-Message-Type", "x-square-hmacsha256-signature", "X-HubSpot-Signature", "X-HubSpot-Signature-v3",
        "X-HubSpot-Signature-Version", "X-HubSpot-Request-Timestamp", "Linear-Signature", "X-Twilio-Email-Event-Webhook-Signature",
        "X-Twilio-Email-Event-Webhook-Timestamp", "X-PagerDuty-Signature", "Authorization", "X-Okta-Verification-Challenge",
        "Paddle-Signature", "X-Razorpay-Signature", "Calendly-Webhook-Signature", "Typeform-Signature", "X-Dropbox-Signature",
        "aeg-event-type", "WebHook-Request-Origin", "Sentry-Hook-Signature", "x-vercel-signature", "circleci-signature",
        "X-CC-Webhook-Signature", "X-Zendesk-Webhook-Signature", "X-Zendesk-Webhook-Signature-Timestamp", "X-Hook-Secret",
        "X-Hook-Signature", "X-Notion-Signature", "X-Token", "Content-Type",
    ];

    private static readonly Gen<string> ShapedValue = Gen.OneOf(
        Gen.OneOf("sha256=", "sha1=", "v0=", "v1=", "v1,", "t=1700000000,v1=", "ts=1700000000;h1=", "whsec_", "Bearer ", "")
            .Select(Gen.String[0, 90], (prefix, rest) => prefix + rest),
        Gen.Byte.Array[0, 64].Select(Convert.ToHexStringLower),
        Gen.Byte.Array[0, 64].Select(Convert.ToBase64String),
        Gen.Long[0, 4_000_000_000_000].Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.OneOf("2023-11-14T22:13:20.123456789Z", "SubscriptionValidation", "Notification", "webhook_callback_verification", "application/json", "application/x-www-form-urlencoded"),
        Gen.String[0, 200]);

    private static readonly Gen<(string Name, string Value)> Header = Gen.Select(Gen.OneOf(HeaderNames), ShapedValue);

    private static readonly Gen<byte[]> Body = Gen.OneOf(
        Gen.Byte.Array[0, 512],
        Gen.String[0, 300].Select(s => Encoding.UTF8.GetBytes(s)),
        Gen.OneOf(
            """{"type":1}""", """{"type":0}""", """{"type":"url_verification","challenge":"c"}""",
            """{"event":"endpoint.url_validation","payload":{"plainToken":"p"}}""",
            """[{"id":"1","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","data":{"validationCode":"v"}}]""",
            """{"signature":{"timestamp":"1700000000","token":"t","signature":"00"}}""",
            "timestamp=1700000000&token=t&signature=00", """{"id":"evt_1","webhookTimestamp":1700000000000}""",
            """{"challenge":"\udc00"}""").Select(s => Encoding.UTF8.GetBytes(s)));

    private static readonly Gen<(string Method, (string Name, string Value)[] Headers, string Query, byte[] Body)> Requests =
        Gen.Select(
            Gen.OneOf("POST", "GET", "OPTIONS", "PUT"),
            Header.Array[0, 8],
            Gen.OneOf("", "?challenge=abc", "?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1", "?bodySHA256=00", "?code=x&token=y")
                .Select(Gen.String[0, 20], (q, junk) => q + junk),
            Body);

    [Fact]
    public void No_provider_throws_or_verifies_without_the_secret()
    {
        var verifiers = ProviderCatalogue.All.Select(d => (d.Name, Verifier: Build(d))).ToArray();

        Requests.Sample(request =>
        {
            var headers = new TestHeaders();
            foreach (var (name, value) in request.Headers)
            {
                headers.Add(name, value);
            }

            var webhook = new WebhookRequest(request.Method, headers, request.Body, Request.DefaultNow, request.Query);
            foreach (var (name, verifier) in verifiers)
            {
                var result = verifier.Verify(webhook);
                Assert.False(result.IsVerified, $"{name} verified an unsigned request");
            }
        }, iter: 3000, seed: "0N0XIzNsQ0O2");
    }

    /// <summary>
    /// Settings that satisfy each provider's needs: tried in turn until one builds (Discord wants a hex Ed25519 key,
    /// SendGrid a base64 SPKI one). A provider no candidate satisfies fails the test: the property must cover it.
    /// </summary>
    private static IWebhookVerifier Build(ProviderDefinition definition)
    {
        var candidates = new[]
        {
            // The Standard Webhooks v1a test key's public half (PROVIDERS.md §4), as hex.
            Convert.ToHexStringLower(Convert.FromBase64String("ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=")),
            Convert.ToBase64String(ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfo()),
        };
        foreach (var publicKey in candidates)
        {
            var settings = new ProviderSettings
            {
                Secrets = ["whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret))],
                VerifyToken = Secret,
                PublicKey = publicKey,
                PublicUrl = "https://hooks.example.test/in",
                Header = "X-Token",
            };
            var problems = new List<SettingProblem>();
            if (ProviderCatalogue.Create(definition.Name, settings, problems) is { } verifier)
            {
                return verifier;
            }
        }

        throw new InvalidOperationException($"No candidate settings build provider '{definition.Name}': extend Build.");
    }
}
