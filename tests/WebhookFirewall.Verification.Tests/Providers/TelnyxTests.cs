using System.Text;
using NSec.Cryptography;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Telnyx publishes no fixed vector (its tests make random keys). Requests are signed here with NSec (libsodium) as
/// team-telnyx/telnyx-node signs and checks them (commit b9b12ca781db2dd9fba6ff189d1de2e35c04cd1f, src/lib/webhooks.ts:
/// Ed25519 over `telnyx-timestamp` + "|" + the body, signature and public key base64, the key 32 bytes).
/// </summary>
public sealed class TelnyxTests : PublicKeyProviderContract
{
    protected override string Provider => "telnyx";

    protected override string SignatureHeader => "telnyx-signature-ed25519";

    protected override string TimestampHeader => "telnyx-timestamp";

    /// <summary>The private key as the `sign` verb takes it for Telnyx: the base64 32-byte seed, named by the test secret.</summary>
    protected override string ConfiguredSecret(string secret) => Convert.ToBase64String(Convert.FromHexString(KeyPairs.Ed25519Seed(secret)));

    protected override string PublicKeyFor(string privateKey)
    {
        using var key = Key.Import(SignatureAlgorithm.Ed25519, Convert.FromBase64String(privateKey), KeyBlobFormat.RawPrivateKey);
        return Convert.ToBase64String(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    protected override string SignatureFor(string privateKey, string timestamp, byte[] body)
    {
        using var key = Key.Import(SignatureAlgorithm.Ed25519, Convert.FromBase64String(privateKey), KeyBlobFormat.RawPrivateKey);
        return Convert.ToBase64String(SignatureAlgorithm.Ed25519.Sign(key, [.. Encoding.UTF8.GetBytes(timestamp + "|"), .. body]));
    }

    /// <summary>As Telnyx sends an event: the test's body is the payload of a `data` object with the event's id.</summary>
    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        base.Signed(secret, [.. "{\"data\":{\"event_type\":\"call.answered\",\"id\":\"0ccc7b54-4df3-4bca-a65a-3da1ecc777f0\",\"payload\":"u8, .. body.Length == 0 ? "null"u8 : body, .. "},\"meta\":{\"attempt\":1}}"u8], signedAt);

    [Fact]
    public void Event_id_is_the_delivery_id()
    {
        Assert.Equal("0ccc7b54-4df3-4bca-a65a-3da1ecc777f0", Expect.Verified(Valid().VerifyWith(Verifier(Secret))).DeliveryId);
    }

    protected override IEnumerable<string> MalformedSignatures =>
    [
        "",
        new string('a', 128),                               // Discord's hex form
        Convert.ToBase64String(new byte[63]),
        Convert.ToBase64String(new byte[65]),
        "!!!!",
        Convert.ToBase64String(new byte[64]) + "==",
    ];

    protected override IEnumerable<string> InvalidPublicKeys =>
    [
        new string('a', 64),                                // hex, as Discord's keys are written
        Convert.ToBase64String(new byte[31]),
        Convert.ToBase64String(new byte[33]),
        "not a key",
    ];

    // RFC 8032 §7.1 test 1 key (secret 9d61b1..., public d75a98...), with the scheme of the file cited above; Ed25519
    // is deterministic, so the signature is fixed. Computed, not published by Telnyx.
    [Fact]
    public void Rfc8032_key_vector_verifies_with_data_id_as_delivery_id()
    {
        var verifier = Verifiers.Create("telnyx", new ProviderSettings { PublicKey = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=" });
        var request = Request.Post("""{"data":{"event_type":"call.answered","id":"0ccc7b54-4df3-4bca-a65a-3da1ecc777f0"}}""")
            .Header("telnyx-timestamp", "1700000000")
            .Header("telnyx-signature-ed25519", SignatureFor("nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=", "1700000000", Encoding.UTF8.GetBytes("""{"data":{"event_type":"call.answered","id":"0ccc7b54-4df3-4bca-a65a-3da1ecc777f0"}}""")));
        Assert.Equal("0ccc7b54-4df3-4bca-a65a-3da1ecc777f0", Expect.Verified(request.VerifyWith(verifier)).DeliveryId);

        var fixedVector = Request.Post("""{"data":{"event_type":"call.answered"}}""")
            .Header("telnyx-timestamp", "1700000000")
            .Header("telnyx-signature-ed25519", "JY0yyaZ/pitjL84WSbvDJI74neWj1BFdqNri1helAAyqXH3srUja+MBWRKd0Ic0fc4V/Jr5bplGTq6QubdyrBA==");
        Assert.Null(Expect.Verified(fixedVector.VerifyWith(verifier)).DeliveryId);
        Expect.Failed(FailureCode.InvalidSignature, fixedVector.Clone().WithBody("""{"data":{"event_type":"call.hangup"}}""").VerifyWith(verifier));
    }

    /// <summary>The `|` is signed: Discord's layout (timestamp immediately followed by the body) is not Telnyx's.</summary>
    [Fact]
    public void Signature_without_the_separator_is_invalid()
    {
        var privateKey = ConfiguredSecret(Secret);
        using var key = Key.Import(SignatureAlgorithm.Ed25519, Convert.FromBase64String(privateKey), KeyBlobFormat.RawPrivateKey);
        var signature = Convert.ToBase64String(SignatureAlgorithm.Ed25519.Sign(key, [.. "1700000000"u8, .. DefaultBody]));
        var request = Request.Post(DefaultBody).Header("telnyx-timestamp", "1700000000").Header("telnyx-signature-ed25519", signature);
        Expect.Failed(FailureCode.InvalidSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Repeated_data_id_is_malformed()
    {
        var body = Encoding.UTF8.GetBytes("""{"data":{"id":"a","id":"b"}}""");
        Expect.Failed(FailureCode.MalformedSignature, base.Signed(ConfiguredSecret(Secret), body, Now).VerifyWith(Verifier(Secret)));
    }
}
