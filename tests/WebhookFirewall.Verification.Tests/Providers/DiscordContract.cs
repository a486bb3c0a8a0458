using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Discord's two endpoints share the Ed25519 scheme. Discord publishes no fixed vector; requests are signed here with
/// NSec (libsodium) as discord-interactions-js signs them in its tests (see <see cref="KeyPairs.Ed25519Sign"/>), and
/// checked the way its verifyKey checks them (discord/discord-interactions-js: src/index.ts, verifyKey: Ed25519 over
/// the X-Signature-Timestamp bytes followed by the raw body, hex signature and hex public key).
/// </summary>
public abstract class DiscordContract : PublicKeyProviderContract
{
    /// <summary>discord-interactions-js's example PING (src/__tests__/utils/SharedTestUtils.ts, pingRequestBody).</summary>
    protected const string LibraryPingBody = """{"id":"787053080478613555","token":"ThisIsATokenFromDiscordThatIsVeryLong","type":1,"version":1}""";

    protected override string SignatureHeader => "X-Signature-Ed25519";

    protected override string TimestampHeader => "X-Signature-Timestamp";

    /// <summary>The private key as the `sign` verb takes it: a hex 32-byte seed, named by the test secret.</summary>
    protected override string ConfiguredSecret(string secret) => KeyPairs.Ed25519Seed(secret);

    protected override string PublicKeyFor(string privateKey) => KeyPairs.Ed25519PublicKey(privateKey);

    protected override string SignatureFor(string privateKey, string timestamp, byte[] body) => KeyPairs.Ed25519Sign(privateKey, timestamp, body);

    protected override IEnumerable<string> MalformedSignatures =>
    [
        "",
        new string('a', 127),
        new string('a', 130),
        new string('g', 128),
        "0x" + new string('a', 126),
        Convert.ToBase64String(new byte[64]),
        Convert.ToHexString(new byte[32]),
    ];

    protected override IEnumerable<string> InvalidPublicKeys =>
    [
        new string('a', 63),
        new string('a', 66),
        new string('z', 64),
        Convert.ToBase64String(new byte[32]),
        "not a key",
    ];
}
