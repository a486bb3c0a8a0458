using System.Text;
using CsCheck;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests;

/// <summary>
/// Property-based (CsCheck, with shrinking): for EVERY provider oracle (every provider's test class; a provider
/// without one fails <see cref="RandomInputTests.Every_provider_has_an_oracle"/>) — arbitrary methods, headers (names every provider reads, values shaped like theirs
/// or plain junk, repeated or not), query strings and bodies never make Verify throw and never verify without the
/// secret. Some handshakes are unsigned by design (Dropbox GET, the CloudEvents OPTIONS probe): a Challenge is
/// allowed, a Verified never.
/// </summary>
public sealed class CatalogueProperties
{
    private const string Secret = "catalogue-property-secret";

    /// <summary>Every header a provider signs or reads, from the oracles' own requests, plus a few handshake headers.</summary>
    private static readonly string[] HeaderNames = Oracles.All
        .SelectMany(o => o.Sign(Secret, "{}"u8.ToArray(), Request.DefaultNow).Headers.Names.Concat(o.SignHandshake(Secret, "{}"u8.ToArray(), Request.DefaultNow).Headers.Names))
        .Concat(["Authorization", "X-Okta-Verification-Challenge", "aeg-event-type", "WebHook-Request-Origin", "X-Hook-Secret", "X-Token", "Content-Type"])
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .Order(StringComparer.Ordinal)
        .ToArray();

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
            "webhook_id=12", """{"events":[],"entropy":"e"}""", "payload=%7B%7D",
            """{"challenge":"\udc00"}""").Select(s => Encoding.UTF8.GetBytes(s)));

    private static readonly Gen<(string Method, (string Name, string Value)[] Headers, string Query, byte[] Body)> Requests =
        Gen.Select(
            Gen.OneOf("POST", "GET", "OPTIONS", "PUT"),
            Header.Array[0, 8],
            Gen.OneOf("", "?challenge=abc", "?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1", "?bodySHA256=00", "?code=x&token=y", "?crc_token=abc")
                .Select(Gen.String[0, 20], (q, junk) => q + junk),
            Body);

    [Fact]
    public void No_provider_throws_or_verifies_without_the_secret()
    {
        var verifiers = Oracles.All.Select(o => (Name: o.Provider, Verifier: Verifiers.Create(o.Provider, o.SettingsFor(Secret)))).ToArray();

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
}
