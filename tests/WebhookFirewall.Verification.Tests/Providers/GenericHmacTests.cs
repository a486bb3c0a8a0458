using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// generic-hmac configured as a timestamped sender (`sha256=` hex of `{timestamp}.{body}`) for the shared contract,
/// plus the algorithm × encoding matrix and the template options on their own.
/// </summary>
public sealed class GenericHmacTests : TimestampSigningProviderContract
{
    protected override string Provider => "generic-hmac";

    protected override string SignatureHeader => "X-Signature";

    protected override ProviderSettings Settings(params string[] secrets) => new()
    {
        Secrets = secrets,
        Header = "X-Signature",
        Algorithm = "sha256",
        Encoding = "hex",
        Prefix = "sha256=",
        TimestampHeader = "X-Timestamp",
        SignedContent = "{timestamp}.{body}",
    };

    protected override IEnumerable<string> MalformedSignatures =>
    [
        new string('a', 64),
        "sha256=" + new string('a', 63),
        "sha256=" + new string('q', 64),
        "sha256=" + Convert.ToBase64String(new byte[32]),
        "sha512=" + new string('a', 64),
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt)
    {
        var timestamp = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return Request.Post(body)
            .Header("X-Timestamp", timestamp)
            .Header("X-Signature", "sha256=" + Sign.Sha256Hex(secret, Sign.Concat(timestamp + ".", body)));
    }

    protected override Request WithoutTimestamp(Request valid) => valid.WithoutHeader("X-Timestamp");

    /// <summary>A shifted signed timestamp, or a changed body.</summary>
    protected override void Mutate(Request request, Random random)
    {
        if (random.Next(2) == 0)
        {
            Oracles.ShiftNumber(request, "X-Timestamp", random);
        }
        else
        {
            base.Mutate(request, random);
        }
    }

    public static TheoryData<string, string> AlgorithmsAndEncodings => new()
    {
        { "sha1", "hex" }, { "sha1", "base64" },
        { "sha256", "hex" }, { "sha256", "base64" },
        { "sha512", "hex" }, { "sha512", "base64" },
        { "SHA256", "HEX" },
    };

    [Theory]
    [MemberData(nameof(AlgorithmsAndEncodings))]
    public void Every_algorithm_and_encoding_verifies_its_own_signature_only(string algorithm, string encoding)
    {
        var name = new HashAlgorithmName(algorithm.ToUpperInvariant());
        var mac = Sign.Hmac(name, Secret, DefaultBody);
        var text = encoding.Equals("hex", StringComparison.OrdinalIgnoreCase) ? Sign.Hex(mac) : Convert.ToBase64String(mac);
        var verifier = Verifiers.Create("generic-hmac", new ProviderSettings { Secrets = [Secret], Header = "X-Sig", Algorithm = algorithm, Encoding = encoding });

        Expect.Verified(Request.Post(DefaultBody).Header("X-Sig", text).VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, Request.Post([.. DefaultBody, 0]).Header("X-Sig", text).VerifyWith(verifier));

        var otherLength = Sign.Hmac(name == HashAlgorithmName.SHA1 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA1, Secret, DefaultBody);
        var otherText = encoding.Equals("hex", StringComparison.OrdinalIgnoreCase) ? Sign.Hex(otherLength) : Convert.ToBase64String(otherLength);
        Expect.Failed(FailureCode.MalformedSignature, Request.Post(DefaultBody).Header("X-Sig", otherText).VerifyWith(verifier));
    }

    [Fact]
    public void Defaults_are_sha256_hex_of_the_body_without_prefix()
    {
        var verifier = Verifiers.Create("generic-hmac", new ProviderSettings { Secrets = [Secret], Header = "X-Sig" });
        Expect.Verified(Request.Post(DefaultBody).Header("X-Sig", Sign.Sha256Hex(Secret, DefaultBody)).VerifyWith(verifier));
    }

    [Fact]
    public void Prefix_is_required_when_configured()
    {
        var verifier = Verifiers.Create("generic-hmac", new ProviderSettings { Secrets = [Secret], Header = "X-Sig", Encoding = "base64", Prefix = "v1=" });
        var mac = Sign.Sha256Base64(Secret, DefaultBody);
        Expect.Verified(Request.Post(DefaultBody).Header("X-Sig", "v1=" + mac).VerifyWith(verifier));
        Expect.Failed(FailureCode.MalformedSignature, Request.Post(DefaultBody).Header("X-Sig", mac).VerifyWith(verifier));
    }

    [Fact]
    public void Id_placeholder_signs_the_KeyHeader_value_which_is_also_the_delivery_id()
    {
        var settings = new ProviderSettings { Secrets = [Secret], Header = "X-Sig", SignedContent = "{id}:{body}", KeyHeader = "X-Delivery" };
        var verifier = Verifiers.Create("generic-hmac", settings);
        var request = Request.Post(DefaultBody).Header("X-Delivery", "d-1").Header("X-Sig", Sign.Sha256Hex(Secret, Sign.Concat("d-1:", DefaultBody)));

        Assert.Equal("d-1", Expect.Verified(request.VerifyWith(verifier)).DeliveryId);
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().ReplaceHeader("X-Delivery", "d-2").VerifyWith(verifier));
        Expect.Failed(FailureCode.MalformedSignature, request.Clone().WithoutHeader("X-Delivery").VerifyWith(verifier));
    }

    [Fact]
    public void Large_body_with_a_template_is_signed_over_the_whole_content()
    {
        var body = Encoding.UTF8.GetBytes(new string('x', 200_000));
        var request = Signed(Secret, body, Now);
        Expect.Verified(request.VerifyWith(Verifier(Secret)));
        Expect.Failed(FailureCode.InvalidSignature, request.WithBody([.. body[..^1], (byte)'y']).VerifyWith(Verifier(Secret)));
    }
}
