using System.Globalization;
using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests;

/// <summary>
/// Property-style checks with a fixed seed (so a failure replays): random and mutated headers, bodies and query
/// strings, fed to every provider's verifier as its test class's oracle builds it (<see cref="Oracles"/>). Two
/// properties: Verify never throws, and nothing verifies (or is answered as a handshake) unless it was signed with
/// the configured secret, except the unsigned handshakes that by design only echo what the caller sent.
/// </summary>
public sealed class RandomInputTests
{
    private const string Secret = "property-secret-0123456789";
    private const int Seed = 20261125;

    // Mutations per oracle: each one is a real signing and two verifications; enough to exercise every branch of
    // every scheme's parser, without making the key-signed providers' signing dominate the suite.
    private const int MutationsPerOracle = 400;

    private static readonly (IProviderOracle Oracle, IWebhookVerifier Verifier)[] Subjects =
        Oracles.All.Select(o => (o, Verifiers.Create(o.Provider, o.SettingsFor(Secret)))).ToArray();

    /// <summary>Every header any provider signs or reads, taken from the oracles' own requests, plus handshake headers.</summary>
    private static readonly string[] HeaderNames = Subjects
        .SelectMany(s => s.Oracle.Sign(Secret, "{}"u8.ToArray(), Request.DefaultNow).Headers.Names
            .Concat(s.Oracle.SignHandshake(Secret, "{}"u8.ToArray(), Request.DefaultNow).Headers.Names))
        .Concat(["X-Okta-Verification-Challenge", "X-Hook-Secret", "WebHook-Request-Origin", "WebHook-Request-Rate", "aeg-event-type", "Content-Type", "X-GCS-Webhooks-Endpoint-Verification"])
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .Order(StringComparer.Ordinal)
        .ToArray();

    private static readonly string[] Prefixes = ["", "sha256=", "sha1=", "v0=", "v1=", "v1,", "v1a,", "t=", "sha512="];

    [Fact]
    public void Every_provider_has_an_oracle()
    {
        var covered = Oracles.All.Select(o => o.Provider).ToHashSet(StringComparer.Ordinal);
        Assert.All(ProviderCatalogue.All, provider => Assert.True(covered.Contains(provider.Name), $"provider '{provider.Name}' has no test class implementing IProviderOracle"));
    }

    [Fact]
    public void Random_requests_never_throw_and_never_verify()
    {
        var random = new Random(Seed);
        for (var i = 0; i < 5000; i++)
        {
            var request = RandomRequest(random);
            foreach (var (oracle, verifier) in Subjects)
            {
                AssertRefused(oracle, verifier, request, $"random #{i}");
            }
        }
    }

    [Fact]
    public void Mutated_signed_requests_never_verify()
    {
        var random = new Random(Seed + 1);
        foreach (var (oracle, verifier) in Subjects)
        {
            for (var i = 0; i < MutationsPerOracle; i++)
            {
                var body = RandomJsonBody(random);
                var request = oracle.Sign(Secret, body, Request.DefaultNow.AddSeconds(random.Next(-200, 200)));
                var before = request.VerifyWith(verifier);
                Assert.True(before.Outcome != VerificationOutcome.Failed, $"{oracle.Provider}: signed request #{i} was refused: {before}");
                oracle.Mutate(request, random);
                AssertRefused(oracle, verifier, request, $"mutation #{i}");
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
            foreach (var (oracle, verifier) in Subjects)
            {
                // Signed as the provider's handshake where it has one, so that its body parser meets the hostile body.
                var request = oracle.SignHandshake(Secret, body, Request.DefaultNow).Build();
                var exception = Record.Exception(() => verifier.Verify(request));
                Assert.True(exception is null, $"{oracle.Provider} threw on a signed body {Convert.ToHexString(body.AsSpan(0, Math.Min(body.Length, 40)))}: {exception}");
            }
        }
    }

    private static void AssertRefused(IProviderOracle oracle, IWebhookVerifier verifier, Request request, string what)
    {
        VerificationResult result = default;
        var exception = Record.Exception(() => result = verifier.Verify(request.Build()));
        Assert.True(exception is null, $"{oracle.Provider} threw on {what} ({Describe(request)}): {exception}");
        if (oracle.IsUnsignedEcho(request, result))
        {
            return;
        }

        Assert.True(
            result.Outcome == VerificationOutcome.Failed && result.Failure != FailureCode.None,
            $"{oracle.Provider} accepted {what} without the secret: {result} ({Describe(request)})");
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
        string[] keys = ["hub.mode", "hub.verify_token", "hub.challenge", "challenge", "crc_token", "code", "x"];
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
            "\"data\":{\"object\":{\"id\":\"pi_1\"}}", "\"n\":" + random.NextDouble(), "\"list\":[1,2,3]", "\"events\":[]",
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
}
