using System.Globalization;
using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests;

/// <summary>
/// Property-style checks with a fixed seed (so a failure replays): random and mutated headers, bodies and query
/// strings, fed to every provider. Two properties: Verify never throws, and nothing verifies (or is answered as a
/// handshake) unless it was signed with the configured secret, except the unsigned handshakes that by design only
/// echo what the caller sent (Dropbox's challenge, Asana's X-Hook-Secret).
/// </summary>
public sealed partial class RandomInputTests
{
    private const string Secret = "property-secret-0123456789";
    private const int Seed = 20261125;

    private static readonly string WhsecSecret = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret));

    // Discord and SendGrid sign with a private key: the policy holds its public key.
    private static readonly string Ed25519Seed = KeyPairs.Ed25519Seed(Secret);
    private static readonly string EcdsaPrivateKey = KeyPairs.EcdsaPrivateKey(Secret);

    private static readonly string[] HeaderNames =
    [
        "X-Hub-Signature-256", "X-GitHub-Delivery", "X-Gitlab-Token", "Idempotency-Key", "Stripe-Signature",
        "X-Slack-Signature", "X-Slack-Request-Timestamp", "X-Telegram-Bot-Api-Secret-Token", "X-Shopify-Hmac-Sha256",
        "X-Shopify-Webhook-Id", "webhook-id", "webhook-timestamp", "webhook-signature", "svix-id", "svix-timestamp",
        "svix-signature", "X-Signature", "X-Timestamp", "X-Webhook-Token", "X-Delivery",
        "X-Signature-Ed25519", "X-Signature-Timestamp", "X-Twilio-Email-Event-Webhook-Signature",
        "X-Twilio-Email-Event-Webhook-Timestamp", "x-zm-signature", "x-zm-request-timestamp", "Twitch-Eventsub-Message-Signature",
        "Twitch-Eventsub-Message-Id", "Twitch-Eventsub-Message-Timestamp", "Twitch-Eventsub-Message-Type", "Authorization",
        "X-Okta-Verification-Challenge", "X-Dropbox-Signature", "aeg-event-type", "X-Event-Grid-Secret", "WebHook-Request-Origin",
        "WebHook-Request-Rate", "X-Hook-Signature", "X-Hook-Secret", .. PresetHeaderNames,
    ];

    private static readonly string[] Prefixes = ["", "sha256=", "sha1=", "v0=", "v1=", "v1,", "v1a,", "t=", "sha512="];

    private static readonly Dictionary<string, IWebhookVerifier> VerifiersByProvider = new Dictionary<string, IWebhookVerifier>
    {
        ["github"] = Verifiers.Create("github", Secret),
        ["gitlab"] = Verifiers.Create("gitlab", Secret),
        ["stripe"] = Verifiers.Create("stripe", Secret),
        ["slack"] = Verifiers.Create("slack", Secret),
        ["meta"] = Verifiers.Create("meta", new ProviderSettings { Secrets = [Secret], VerifyToken = Secret }),
        ["telegram"] = Verifiers.Create("telegram", Secret),
        ["shopify"] = Verifiers.Create("shopify", Secret),
        ["standard-webhooks"] = Verifiers.Create("standard-webhooks", WhsecSecret),
        ["svix"] = Verifiers.Create("svix", WhsecSecret),
        ["generic-hmac"] = Verifiers.Create("generic-hmac", new ProviderSettings
        {
            Secrets = [Secret], Header = "X-Signature", Encoding = "base64", Prefix = "v1=",
            TimestampHeader = "X-Timestamp", SignedContent = "{timestamp}.{body}",
        }),
        ["token"] = Verifiers.Create("token", new ProviderSettings { Secrets = [Secret], Header = "X-Webhook-Token" }),
        ["discord"] = Verifiers.Create("discord", new ProviderSettings { PublicKey = KeyPairs.Ed25519PublicKey(Ed25519Seed) }),
        ["discord-events"] = Verifiers.Create("discord-events", new ProviderSettings { PublicKey = KeyPairs.Ed25519PublicKey(Ed25519Seed) }),
        ["sendgrid"] = Verifiers.Create("sendgrid", new ProviderSettings { PublicKey = KeyPairs.EcdsaPublicKey(EcdsaPrivateKey) }),
        ["zoom"] = Verifiers.Create("zoom", Secret),
        ["twitch"] = Verifiers.Create("twitch", Secret),
        ["okta"] = Verifiers.Create("okta", Secret),
        ["dropbox"] = Verifiers.Create("dropbox", Secret),
        ["azure-event-grid"] = Verifiers.Create("azure-event-grid", new ProviderSettings { Secrets = [Secret], Header = "X-Event-Grid-Secret" }),
        [AzureByQuery] = Verifiers.Create("azure-event-grid", new ProviderSettings { Secrets = [Secret], QueryParameter = "code" }),
        ["asana"] = Verifiers.Create("asana", Secret),
    }.Concat(PresetVerifiers()).ToDictionary();

    /// <summary>Event Grid with its token in the URL rather than a header: a second verifier of the same provider.</summary>
    private const string AzureByQuery = "azure-event-grid (query)";

    [Fact]
    public void Random_requests_never_throw_and_never_verify()
    {
        var random = new Random(Seed);
        for (var i = 0; i < 5000; i++)
        {
            var request = RandomRequest(random);
            foreach (var (provider, verifier) in VerifiersByProvider)
            {
                AssertRefused(provider, verifier, request, $"random #{i}");
            }
        }
    }

    [Fact]
    public void Mutated_signed_requests_never_verify()
    {
        var random = new Random(Seed + 1);
        for (var i = 0; i < 3000; i++)
        {
            foreach (var (provider, verifier) in VerifiersByProvider)
            {
                var body = RandomJsonBody(random);
                var request = SignedRequest(provider, body, Request.DefaultNow.AddSeconds(random.Next(-200, 200)));
                var before = request.VerifyWith(verifier);
                Assert.True(before.Outcome != VerificationOutcome.Failed, $"{provider}: signed request #{i} was refused: {before}");
                Mutate(provider, request, random);
                AssertRefused(provider, verifier, request, $"mutation #{i}");
            }
        }
    }

    /// <summary>Holders of the secret are trusted with the signature, not with well-formed JSON: odd bodies must not throw.</summary>
    [Fact]
    public void Signed_bodies_with_hostile_json_never_throw()
    {
        string[] hostile =
        [
            """{"id":"\udc00","event_id":"\ud800","update_id":"\ud800\ud800","type":"url_verification","challenge":"\udfff"}""",
            """{"id":1e999,"event_id":-0.0000000001,"update_id":123456789012345678901234567890}""",
            """{"type":"url_verification","challenge":{"nested":true}}""",
            """{"type":"url_verification","challenge":null}""",
            """{"type":"url_verification"}""",
            """{"type":1,"id":"\udc00"}""",
            """{"type":0e0}""",
            """{"type":-0}""",
            """{"type":99999999999999999999999}""",
            """{"event":"endpoint.url_validation","payload":{"plainToken":"\udc00"}}""",
            """{"event":"endpoint.url_validation","payload":[{"plainToken":"x"}]}""",
            """{"event":"endpoint.url_validation","payload":null}""",
            """[{"data":{"validationCode":"\ud800"},"id":"\ud800"}]""",
            """[{"data":[]},{"id":1}]""",
            """[[{"id":"nested"}]]""",
            """[{"id":"a","id":"b"}]""",
            """[{"id":"a"}""",
            new string('[', 10_000),
            """{"id":"evt","id":"second"}""",
            "",
            "\uFEFF{\"id\":\"bom\"}",
        ];
        byte[][] invalidUtf8 =
        [
            [.. "{\"id\":\""u8, 0xC3, 0x28, .. "\"}"u8],
            [.. "{\"event_id\":\""u8, 0xED, 0xA0, 0x80, .. "\",\"type\":\"url_verification\",\"challenge\":\"x\"}"u8],
            [.. "{\"update_id\":"u8, 0xFF, .. "}"u8],
        ];
        var bodies = hostile.Select(Encoding.UTF8.GetBytes).Concat(invalidUtf8);
        foreach (var body in bodies)
        {
            foreach (var (provider, verifier) in VerifiersByProvider)
            {
                // Signed as the provider's handshake where it has one, so that its body parser meets the hostile body.
                var request = SignedRequest(provider, body, Request.DefaultNow, handshake: true).Build();
                var exception = Record.Exception(() => verifier.Verify(request));
                Assert.True(exception is null, $"{provider} threw on a signed body {Convert.ToHexString(body.AsSpan(0, Math.Min(body.Length, 40)))}: {exception}");
            }
        }
    }

    private static void AssertRefused(string provider, IWebhookVerifier verifier, Request request, string what)
    {
        VerificationResult result = default;
        var exception = Record.Exception(() => result = verifier.Verify(request.Build()));
        Assert.True(exception is null, $"{provider} threw on {what} ({Describe(request)}): {exception}");
        if (IsUnsignedEcho(provider, request, result))
        {
            return;
        }

        Assert.True(
            result.Outcome == VerificationOutcome.Failed && result.Failure != FailureCode.None,
            $"{provider} accepted {what} without the secret: {result} ({Describe(request)})");
    }

    /// <summary>
    /// Dropbox's GET challenge and Asana's handshake are answered without a signature by design: the answer must then
    /// be exactly the echo of what the caller sent, and nothing else.
    /// </summary>
    private static bool IsUnsignedEcho(string provider, Request request, VerificationResult result)
    {
        if (result.Outcome != VerificationOutcome.Challenge)
        {
            return false;
        }

        var handshake = result.Handshake!;
        switch (provider)
        {
            case "dropbox":
                var challenge = QueryParameters.Get(request.QueryString, "challenge");
                Assert.True(request.Method == "GET" && challenge.Presence == HeaderPresence.Single, $"dropbox answered {Describe(request)}");
                Assert.Equal(challenge.Value, handshake.Body);
                return true;
            case "asana":
                var secret = request.Headers.Get("X-Hook-Secret");
                Assert.True(request.Method == "POST" && secret.Presence == HeaderPresence.Single, $"asana answered {Describe(request)}");
                Assert.Equal([new KeyValuePair<string, string>("X-Hook-Secret", secret.Value!)], handshake.Headers);
                Assert.Empty(handshake.Body);
                return true;
            default:
                return false;
        }
    }

    private static string Describe(Request request) =>
        $"{request.Method} {request.QueryString} [{string.Join(", ", request.Headers.Names.Select(n => $"{n}: {request.Headers.Get(n).Presence}"))}] body {request.Body.Length} bytes";

    private static Request RandomRequest(Random random)
    {
        var request = random.Next(10) switch
        {
            0 or 1 => Request.Get(RandomQuery(random)),
            2 => Request.Get(RandomQuery(random)).WithMethod("OPTIONS"),
            _ => Request.Post(random.Next(3) == 0 ? RandomBytes(random, random.Next(0, 2048)) : RandomJsonBody(random)).WithQuery(random.Next(4) == 0 ? RandomQuery(random) : string.Empty),
        };
        var count = random.Next(0, 10);
        for (var h = 0; h < count; h++)
        {
            request.Header(HeaderNames[random.Next(HeaderNames.Length)], RandomHeaderValue(random));
        }

        return request;
    }

    private static string RandomQuery(Random random)
    {
        string[] keys = ["hub.mode", "hub.verify_token", "hub.challenge", "challenge", "code", "x"];
        string[] values = ["subscribe", "", "%", "%zz", "a+b", Secret[..^1], Secret + "x", Secret.ToUpperInvariant(), "1158201444"];
        var parts = Enumerable.Range(0, random.Next(0, 6))
            .Select(_ => random.Next(8) == 0 ? keys[random.Next(keys.Length)] : $"{keys[random.Next(keys.Length)]}={values[random.Next(values.Length)]}");
        return (random.Next(2) == 0 ? "?" : string.Empty) + string.Join('&', parts);
    }

    private static string RandomHeaderValue(Random random) => random.Next(9) switch
    {
        0 => RandomText(random, random.Next(0, 120), printableOnly: false),
        1 => RandomText(random, random.Next(0, 120), printableOnly: true),
        2 => Prefixes[random.Next(Prefixes.Length)] + Convert.ToHexString(RandomBytes(random, random.Next(0, 70))).ToLowerInvariant(),
        3 => Prefixes[random.Next(Prefixes.Length)] + Convert.ToBase64String(RandomBytes(random, random.Next(0, 70))),
        4 => $"t={RandomNumber(random)},v1={Convert.ToHexString(RandomBytes(random, 32)).ToLowerInvariant()}" + (random.Next(2) == 0 ? ",v1=" + Convert.ToHexString(RandomBytes(random, 32)) : string.Empty),
        5 => RandomNumber(random),
        6 => string.Join(random.Next(2) == 0 ? ' ' : ',', Enumerable.Range(0, random.Next(1, 20)).Select(_ => "v1," + Convert.ToBase64String(RandomBytes(random, 32)))),
        7 => random.Next(2) == 0 ? Secret[..random.Next(Secret.Length)] : Secret + RandomText(random, random.Next(1, 4), printableOnly: true),
        _ => new string('a', random.Next(1000, 20000)),
    };

    private static string RandomNumber(Random random) => random.Next(6) switch
    {
        0 => Request.DefaultNow.AddSeconds(random.Next(-1000, 1000)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        1 => Request.DefaultNow.AddSeconds(random.Next(-1000, 1000)).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        2 => "-" + random.Next(),
        3 => new string('9', random.Next(1, 40)),
        4 => "0",
        _ => random.NextInt64().ToString(CultureInfo.InvariantCulture),
    };

    private static byte[] RandomJsonBody(Random random)
    {
        string[] fields =
        [
            "\"id\":\"evt_" + random.Next() + "\"", "\"event_id\":\"Ev" + random.Next() + "\"", "\"update_id\":" + random.Next(),
            "\"type\":\"url_verification\"", "\"type\":" + random.Next(-1, 4), "\"challenge\":\"" + RandomText(random, 8, printableOnly: true).Replace("\"", "", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal) + "\"",
            "\"data\":{\"object\":{\"id\":\"pi_1\"}}", "\"n\":" + random.NextDouble(), "\"list\":[1,2,3]",
        ];
        var json = "{" + string.Join(',', Enumerable.Range(0, random.Next(0, 7)).Select(_ => fields[random.Next(fields.Length)])) + "}";
        return Encoding.UTF8.GetBytes(json);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string RandomText(Random random, int length, bool printableOnly)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = printableOnly ? (char)random.Next(0x20, 0x7F) : (char)random.Next(0, 0x10000); // lone surrogates included
        }

        return new string(chars);
    }

    /// <summary>
    /// A request as each provider would send it, signed with <see cref="Secret"/> (or its key pair); with
    /// <paramref name="handshake"/>, marked as the provider's signed handshake where the mark is a header.
    /// </summary>
    private static Request SignedRequest(string provider, byte[] body, DateTimeOffset signedAt, bool handshake = false)
    {
        var ts = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = Request.Post(body);
        return provider switch
        {
            "github" or "meta" => request.Header("X-Hub-Signature-256", "sha256=" + Sign.Sha256Hex(Secret, body)),
            "gitlab" => request.Header("X-Gitlab-Token", Secret),
            "telegram" => request.Header("X-Telegram-Bot-Api-Secret-Token", Secret),
            "token" => request.Header("X-Webhook-Token", Secret),
            "stripe" => request.Header("Stripe-Signature", $"t={ts},v1={Sign.Sha256Hex(Secret, Sign.Concat(ts + ".", body))}"),
            "slack" => request.Header("X-Slack-Signature", Sign.Slack(Secret, ts, body)).Header("X-Slack-Request-Timestamp", ts),
            "shopify" => request.Header("X-Shopify-Hmac-Sha256", Sign.Sha256Base64(Secret, body)),
            "standard-webhooks" or "svix" => StandardWebhooks(request, provider == "svix" ? "svix-" : "webhook-", ts, body),
            "generic-hmac" => request.Header("X-Timestamp", ts).Header("X-Signature", "v1=" + Sign.Sha256Base64(Secret, Sign.Concat(ts + ".", body))),
            "discord" or "discord-events" => request.Header("X-Signature-Timestamp", ts).Header("X-Signature-Ed25519", KeyPairs.Ed25519Sign(Ed25519Seed, ts, body)),
            "sendgrid" => request.Header("X-Twilio-Email-Event-Webhook-Timestamp", ts).Header("X-Twilio-Email-Event-Webhook-Signature", KeyPairs.EcdsaSign(EcdsaPrivateKey, ts, body)),
            "zoom" => request.Header("x-zm-request-timestamp", ts).Header("x-zm-signature", "v0=" + Sign.Sha256Hex(Secret, Sign.Concat($"v0:{ts}:", body))),
            "twitch" => Twitch(request, signedAt, body, handshake ? "webhook_callback_verification" : "notification"),
            "okta" => request.Header("Authorization", Secret),
            "dropbox" => request.Header("X-Dropbox-Signature", Sign.Sha256Hex(Secret, body)),
            "azure-event-grid" => request.Header("X-Event-Grid-Secret", Secret).Header("aeg-event-type", handshake ? "SubscriptionValidation" : "Notification"),
            AzureByQuery => request.WithQuery("?code=" + Secret).Header("aeg-event-type", handshake ? "SubscriptionValidation" : "Notification"),
            "asana" => request.Header("X-Hook-Signature", Sign.Sha256Hex(Secret, body)),
            _ => SignedPresetRequest(provider, body, signedAt),
        };
    }

    private static Request Twitch(Request request, DateTimeOffset signedAt, byte[] body, string type)
    {
        var id = "msg-" + signedAt.Ticks;
        var timestamp = signedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "42Z";
        return request.Header("Twitch-Eventsub-Message-Id", id).Header("Twitch-Eventsub-Message-Timestamp", timestamp)
            .Header("Twitch-Eventsub-Message-Type", type)
            .Header("Twitch-Eventsub-Message-Signature", "sha256=" + Sign.Sha256Hex(Secret, Sign.Concat(id + timestamp, body)));
    }

    private static Request StandardWebhooks(Request request, string prefix, string ts, byte[] body) =>
        request.Header(prefix + "id", "msg_1").Header(prefix + "timestamp", ts)
            .Header(prefix + "signature", Sign.StandardWebhooks(WhsecSecret, "msg_1", ts, body));

    /// <summary>
    /// One change an attacker without the secret could make: a flipped body byte (where the body is signed), a
    /// different signed timestamp or id, or a different token.
    /// </summary>
    private static void Mutate(string provider, Request request, Random random)
    {
        switch (provider)
        {
            case "gitlab":
                request.ReplaceHeader("X-Gitlab-Token", Change(Secret, random));
                return;
            case "telegram":
                request.ReplaceHeader("X-Telegram-Bot-Api-Secret-Token", Change(Secret, random));
                return;
            case "token":
                request.ReplaceHeader("X-Webhook-Token", Change(Secret, random));
                return;
            case "okta":
                request.ReplaceHeader("Authorization", Change(Secret, random));
                return;
            case "azure-event-grid":
                request.ReplaceHeader("X-Event-Grid-Secret", Change(Secret, random));
                return;
            case AzureByQuery:
                request.WithQuery("?code=" + Uri.EscapeDataString(Change(Secret, random)));
                return;
        }

        if (TryMutatePreset(provider, request, random))
        {
            return;
        }

        var choice = random.Next(3);
        if (choice == 1 && provider == "twitch")
        {
            request.ReplaceHeader("Twitch-Eventsub-Message-Id", "msg-" + random.Next());
            return;
        }

        if (choice == 1 && provider is "slack" or "generic-hmac" or "standard-webhooks" or "svix" or "discord" or "discord-events" or "sendgrid" or "zoom")
        {
            var header = provider switch
            {
                "slack" => "X-Slack-Request-Timestamp",
                "generic-hmac" => "X-Timestamp",
                "svix" => "svix-timestamp",
                "discord" or "discord-events" => "X-Signature-Timestamp",
                "sendgrid" => "X-Twilio-Email-Event-Webhook-Timestamp",
                "zoom" => "x-zm-request-timestamp",
                _ => "webhook-timestamp",
            };
            var ts = long.Parse(request.Headers.Get(header).Value!, CultureInfo.InvariantCulture);
            request.ReplaceHeader(header, (ts + random.Next(1, 100) * (random.Next(2) == 0 ? 1 : -1)).ToString(CultureInfo.InvariantCulture));
            return;
        }

        if (choice == 2 && provider is "standard-webhooks" or "svix")
        {
            request.ReplaceHeader(provider == "svix" ? "svix-id" : "webhook-id", "msg_" + random.Next(2, 1000));
            return;
        }

        var body = request.Body;
        byte[] mutated = body.Length == 0 || random.Next(4) == 0
            ? [.. body, (byte)random.Next(256)]
            : [.. body];
        if (mutated.Length == body.Length)
        {
            var at = random.Next(mutated.Length);
            mutated[at] ^= (byte)random.Next(1, 256);
        }

        request.WithBody(mutated);
    }

    private static string Change(string text, Random random)
    {
        var chars = text.ToCharArray();
        var at = random.Next(chars.Length);
        chars[at] = (char)(chars[at] ^ random.Next(1, 128));
        return new string(chars);
    }
}
