using System.Globalization;
using System.Text;
using CsCheck;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests;

/// <summary>
/// Handshakes must not be signing oracles (DESIGN, "Limits before authentication"): no handshake answer may be a
/// MAC, under a key that signs deliveries, of bytes a sender chose and that could be a delivery. For every provider
/// whose test class builds handshakes (<see cref="IProviderOracle.HandshakesCarrying"/>) and for chosen texts of
/// every shape — fixed ones, the provider's own deliveries and their fields, and random ASCII, Unicode, JSON, hex,
/// base64 and prefixed MACs (CsCheck) — each handshake is verified as the firewall verifies it. Whatever its answer
/// holds that could pass for a signature (<see cref="SignatureCandidates"/>) is put where the provider's real
/// delivery carries its credential (<see cref="CredentialSites"/>), over the chosen text, over the handshake's own
/// body and, for a handshake anyone can send, over the delivery's own content; no such forgery may verify, and no
/// answer may hold the secret.
/// </summary>
public sealed class HandshakeOracleProperties
{
    private const string Secret = "handshake-oracle-secret-Qz81v";
    private const string OtherSecret = "handshake-oracle-other-Hm27k";

    // Random texts per provider, after the fixed ones: each is a handshake or three and up to a few hundred forged
    // deliveries, so that the property stays within a few seconds on a loaded two-core machine.
    private const int RandomTextsPerProvider = 200;

    /// <summary>The content of the delivery the forgeries are made from.</summary>
    private static readonly byte[] DeliveryBody = """{"id":"evt_oracle","event_id":"Ev_oracle","type":"order.created","data":{"object":{"id":"ord_1","amount":1200}}}"""u8.ToArray();

    /// <summary>The content of another delivery, whose texts are among the chosen ones.</summary>
    private static readonly byte[] OtherDeliveryBody = """{"id":"evt_other","event_id":"Ev_other","type":"order.paid","text":"hello world"}"""u8.ToArray();

    private static readonly string[] SignaturePrefixes = ["", "sha256=", "sha1=", "sha512=", "v0=", "v1=", "v1,", "t=1700000000,v1="];

    /// <summary>Texts of the shapes that handshake rules tell apart: tokens, hex of the lengths MACs have, JSON, markup, bounds.</summary>
    private static readonly string[] FixedTexts =
    [
        "", "a", "abc123", "9b4507b3-9040-4669-9ca3-6b94edb50553", "1158201444", "0", "-1",
        "20f9f8ed05f77439fe95", "20f9f8ed05f77439fe955c977e4c8a53", "20F9F8ED05F77439FE955C977E4C8A53", new string('0', 40), new string('f', 64),
        Convert.ToBase64String(new byte[32]), "PG5vdGlmaWNhdGlvbi8+", "sha256=" + new string('a', 64), "v0=" + new string('b', 64), "v1," + Convert.ToBase64String(new byte[32]),
        "{}", "[]", "[1,2]", "true", "null", "\"quoted\"", """{"id":"evt_1"}""", """{"type":1}""", """{"type":"url_verification","challenge":"c"}""", "<notification/>",
        "a b", "a\nb", "a\r\nb", "a\tb", "é中文", "\ud800", "\udc00x", "%", "%zz", "a+b", "a&b=c", "#x", "?x=1", "a;b,c", "a:b", "<script>alert(1)</script>",
        new string('a', 256), new string('a', 257), new string('x', 2048), new string('x', 2049), new string('z', 10_000),
    ];

    /// <summary>The oracles that build handshakes, by provider.</summary>
    private static readonly Dictionary<string, IProviderOracle> Builders = Oracles.All
        .Where(o => o.HandshakesCarrying(Secret, "abc123").Any())
        .ToDictionary(o => o.Provider, StringComparer.Ordinal);

    private static readonly Dictionary<string, Lazy<Subject>> Subjects =
        Builders.ToDictionary(b => b.Key, b => new Lazy<Subject>(() => new Subject(b.Value)), StringComparer.Ordinal);

    public static TheoryData<string> ProvidersWithHandshakes() => [.. Builders.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ProvidersWithHandshakes))]
    public void No_handshake_answer_signs_a_delivery(string provider)
    {
        var subject = Subjects[provider].Value;
        var answered = FixedTexts.Concat(subject.OwnTexts).Count(subject.Check);
        Assert.True(answered > 0, $"{provider}: no handshake its test class builds was answered, so the builder does not build what the provider answers");
        subject.ChosenTexts.Sample(chosen => { subject.Check(chosen); }, iter: RandomTextsPerProvider);
    }

    /// <summary>
    /// The other half of "every provider": a verifier answers a Challenge only through its definition's unsigned or
    /// signed handshake, or a check that is itself one (AWS SNS). Exactly the providers that declare one of those
    /// have a test class that builds handshakes, so no provider's handshake escapes the property above.
    /// </summary>
    [Fact]
    public void Exactly_the_providers_that_declare_a_handshake_build_them()
    {
        foreach (var definition in Verification.Providers.Definitions.All)
        {
            var oracle = Oracles.All.First(o => o.Provider == definition.Name);
            var declares = definition.UnsignedHandshake is not null || definition.SignedHandshake is not null
                || definition.CreateCheck(oracle.SettingsFor(Secret), TestEnvironment.Shared, []) is Verification.Schemes.IHandshake;
            Assert.True(
                declares == Builders.ContainsKey(definition.Name),
                declares
                    ? $"{definition.Name} answers a handshake, but its test class builds none (IProviderOracle.HandshakesCarrying), so the handshake property does not cover it"
                    : $"{definition.Name} declares no handshake, but its test class builds one");
        }
    }

    /// <summary>As the host verifies: asynchronously, so that a handshake answered with a request of the firewall's own (SNS) is answered.</summary>
    private static VerificationResult Verify(IWebhookVerifier verifier, Request request)
    {
        var pending = verifier.VerifyAsync(request.Build(), CancellationToken.None);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    private static string Describe(Request request) =>
        $"{request.Method} {Show(request.QueryString)} [{string.Join(", ", request.Headers.Names)}] body {Show(Encoding.UTF8.GetString(request.Body))}";

    private static string Show(string text) =>
        text.Length <= 160 ? $"\"{text}\"" : $"\"{text[..160]}…\" ({text.Length} characters)";

    /// <summary>One provider: its verifiers, the delivery forgeries are made from, and what its answers must never hold.</summary>
    private sealed class Subject
    {
        private readonly IWebhookVerifier _verifier;
        private readonly IWebhookVerifier _stranger;
        private readonly CredentialSites _sites;
        private readonly string[] _credentials;

        public Subject(IProviderOracle oracle)
        {
            Oracle = oracle;
            var settings = oracle.SettingsFor(Secret);
            _verifier = Verifiers.Create(oracle.Provider, settings);
            _stranger = Verifiers.Create(oracle.Provider, oracle.SettingsFor(OtherSecret));
            _sites = CredentialSites.Of(oracle, Secret, OtherSecret, DeliveryBody, Request.DefaultNow);
            Assert.True(Verify(_verifier, _sites.Delivery).IsVerified, $"{oracle.Provider}: the delivery the forgeries are made from does not verify");
            Assert.True(_sites.Headers.Count > 0 || _sites.BodyCredentials.Any(), $"{oracle.Provider}: no header or body field of its delivery depends on the secret");
            _credentials = [.. new[] { Secret }
                .Concat(settings.Secrets)
                .Concat(settings.KeyedSecrets.Select(k => k.Secret))
                .Concat([settings.VerifyToken, settings.ClientState])
                .OfType<string>()
                .Where(c => c.Length >= 8)
                .Distinct(StringComparer.Ordinal)];
            OwnTexts = [.. TextsOf(oracle, settings).Distinct(StringComparer.Ordinal)];
            ChosenTexts = Gen.Frequency<string>(
                (3, Gen.Char[' ', '~'].Array[0, 40].Select(c => new string(c))),
                (2, Gen.String[0, 40]),
                (2, Gen.Byte.Array[8, 40].Select(Convert.ToHexStringLower)),
                (2, Gen.Char["0123456789abcdef"].Array[1, 70].Select(c => new string(c))),
                (1, Gen.Byte.Array[8, 40].Select(Convert.ToHexString)),
                (2, Gen.Byte.Array[1, 64].Select(Convert.ToBase64String)),
                (1, Gen.Byte.Array[1, 64].Select(b => MacRun.Encode(b, MacEncoding.Base64Url))),
                (1, Gen.Select(Gen.OneOf(SignaturePrefixes), Gen.Byte.Array[16, 64].Select(Convert.ToHexStringLower), (prefix, mac) => prefix + mac)),
                (2, JsonText),
                (1, Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture))),
                (2, Gen.OneOf(OwnTexts)),
                (1, Gen.Select(Gen.OneOf(OwnTexts), Gen.Char[' ', '~'].Array[1, 8], (text, junk) => text + new string(junk))),
                (1, Gen.Int[257, 4096].Select(n => new string('a', n))));
        }

        public IProviderOracle Oracle { get; }

        /// <summary>The texts of the provider's own deliveries — whole, each field, each header — and guesses at what they sign.</summary>
        public string[] OwnTexts { get; }

        public Gen<string> ChosenTexts { get; }

        /// <summary>
        /// Sends every handshake carrying <paramref name="chosen"/>, and for each answer checks that it holds no
        /// credential and that none of its signature candidates verifies a forged delivery. True when one was answered.
        /// </summary>
        public bool Check(string chosen)
        {
            // A caller who holds a credential needs no oracle: what it makes verify with one is a replay.
            if (_credentials.Any(c => chosen.Contains(c, StringComparison.OrdinalIgnoreCase)) || _sites.Holds(chosen))
            {
                return false;
            }

            var answered = false;
            foreach (var handshake in Oracle.HandshakesCarrying(Secret, chosen))
            {
                var result = Verify(_verifier, handshake);
                if (result.Outcome != VerificationOutcome.Challenge)
                {
                    continue;
                }

                answered = true;
                var answer = result.Handshake!;
                var context = $"{Oracle.Provider}: the answer to {Describe(handshake)} ({answer.StatusCode}, body {Show(answer.Body)})";
                AssertHoldsNoCredential(answer, context);
                var candidates = SignatureCandidates.From(answer);
                if (candidates.IsEmpty)
                {
                    continue;
                }

                // Where anyone can send the handshake, the chosen text may be a guess at what a delivery signs
                // (`v0:{timestamp}:{body}`): the forgery then keeps the delivery's own content. A signed handshake
                // carries what its provider chose, which the other forgeries cover.
                var anyone = Verify(_stranger, handshake).Outcome == VerificationOutcome.Challenge;
                List<(string What, byte[] Bytes)> contents = [("the chosen text", Encoding.UTF8.GetBytes(chosen))];
                if (handshake.Body.Length > 0 && !handshake.Body.AsSpan().SequenceEqual(contents[0].Bytes))
                {
                    contents.Add(("the handshake's body", handshake.Body));
                }

                foreach (var (where, forgery) in _sites.Forgeries(contents, ownContent: anyone, candidates))
                {
                    Assert.False(Verify(_verifier, forgery).IsVerified, $"{context} signs a delivery: {where}");
                }
            }

            return answered;
        }

        private void AssertHoldsNoCredential(HandshakeResponse answer, string context)
        {
            var texts = answer.Headers.Select(h => h.Value).Prepend(answer.Body).ToArray();
            foreach (var credential in _credentials)
            {
                var bytes = Encoding.UTF8.GetBytes(credential);
                foreach (var form in new[] { credential, Convert.ToHexStringLower(bytes), Convert.ToBase64String(bytes) })
                {
                    Assert.False(texts.Any(t => t.Contains(form, StringComparison.OrdinalIgnoreCase)), $"{context} holds a credential of the policy");
                }
            }
        }

        private IEnumerable<string> TextsOf(IProviderOracle oracle, ProviderSettings settings)
        {
            var own = _sites.Delivery;
            var other = oracle.Sign(Secret, OtherDeliveryBody, Request.DefaultNow);
            foreach (var delivery in new[] { own, other })
            {
                yield return Encoding.UTF8.GetString(delivery.Body);
                if (BodyFields.Parse(delivery.Body) is { } fields)
                {
                    for (var i = 0; i < fields.Count; i++)
                    {
                        yield return fields.Value(i);
                    }
                }

                foreach (var name in delivery.Headers.Names)
                {
                    yield return delivery.Headers.Get(name).Value!;
                }
            }

            // What a delivery's scheme might sign beyond its body: header values (timestamps, ids) and the URL, joined
            // to it the ways the catalogue's templates join them. The credentials among them are filtered by Check.
            var body = Encoding.UTF8.GetString(own.Body);
            string[] parts = [.. own.Headers.Names.Select(n => own.Headers.Get(n).Value!), .. settings.PublicUrl is { } url ? [url] : Array.Empty<string>()];
            foreach (var part in parts)
            {
                yield return part + body;
                yield return part + "." + body;
                yield return part + ":" + body;
                yield return "v0:" + part + ":" + body;
                yield return body + part;
                foreach (var second in parts.Where(p => p != part))
                {
                    yield return part + second + body;
                    yield return part + "." + second + "." + body;
                }
            }
        }

        /// <summary>JSON objects and arrays as deliveries are: compact, with strings, numbers, nesting.</summary>
        private static Gen<string> JsonText { get; } = Gen.Select(
            Gen.OneOf("id", "type", "event", "challenge", "data", "events", "payload"),
            Gen.OneOf<string>(
                Gen.Char[' ', '~'].Array[0, 12].Select(c => SenderText.Json(new string(c))),
                Gen.Int.Select(n => n.ToString(CultureInfo.InvariantCulture)),
                Gen.OneOf("true", "null", "[]", "{}", "[1,2]", """{"object":{"id":"x"}}""")),
            (name, value) => $"\"{name}\":{value}")
            .Array[0, 4]
            .Select(Gen.Bool, (members, array) =>
            {
                var json = "{" + string.Join(',', members) + "}";
                return array ? "[" + json + "]" : json;
            });
    }
}
