using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Pusher: `X-Pusher-Key` names the app key, and `X-Pusher-Signature` is hex HMAC-SHA256 of the body with that key's
/// secret (pusher/pusher-http-node@7492d8db91463cbcb591bcbebadb8ea3767bf0ba lib/webhook.js, lib/token.js). Policies
/// hold `KeyedSecrets`; a signature made with another key's secret never passes.
/// </summary>
public sealed class PusherTests : BodySigningProviderContract
{
    // pusher/pusher-http-node@7492d8db91463cbcb591bcbebadb8ea3767bf0ba tests/integration/webhook.js: the key and
    // secret of its Token, the body it stringifies and the signature it expects.
    private const string VectorKey = "123456789";
    private const string VectorSecret = "tofu";
    private const string VectorBody = """{"time_ms":1403175510755,"events":[{"channel":"test_channel","name":"channel_vacated"}]}""";
    private const string VectorSignature = "c17257e92037cd7de407ebc1ed174ceb7b2e518db127f44411b9ffc4f5b28cc5";

    protected override string Provider => "pusher";

    protected override string SignatureHeader => "X-Pusher-Signature";

    protected override ProviderSettings Settings(params string[] secrets) => KeyIds.Settings(secrets);

    protected override IEnumerable<string> MalformedSignatures => MalformedMacs.Hex();

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body)
            .Header("X-Pusher-Key", KeyIds.For(secret))
            .Header("X-Pusher-Signature", Sign.Sha256Hex(secret, body))
            .Header("Content-Type", "application/json");

    private static IWebhookVerifier VectorVerifier(params KeyedSecret[] keys) => Verifiers.Create("pusher", new ProviderSettings { KeyedSecrets = keys });

    private static Request VectorRequest(string key) => Request.Post(VectorBody).Header("X-Pusher-Key", key).Header("X-Pusher-Signature", VectorSignature);

    [Fact]
    public void Sdk_vector_verifies_for_its_key()
    {
        Expect.Verified(VectorRequest(VectorKey).VerifyWith(VectorVerifier(new KeyedSecret(VectorKey, VectorSecret))));
    }

    // The same test file's "extra tokens" cases: the signature is valid under whichever key maps to the secret.
    [Fact]
    public void Sdk_vector_verifies_under_another_key_mapped_to_its_secret()
    {
        var verifier = VectorVerifier(new KeyedSecret("1234", "wrong"), new KeyedSecret("3", VectorSecret));
        Assert.Equal(1, Expect.Verified(VectorRequest("3").VerifyWith(verifier), secretIndex: 1).SecretIndex);
        Expect.Failed(FailureCode.InvalidSignature, VectorRequest("1234").VerifyWith(verifier));
    }

    [Fact]
    public void A_signature_by_one_keys_secret_does_not_pass_for_another_key()
    {
        var verifier = Verifier(Secret, PreviousSecret);
        var crossed = Signed(PreviousSecret, DefaultBody, Now).ReplaceHeader("X-Pusher-Key", KeyIds.For(Secret));
        Expect.Failed(FailureCode.InvalidSignature, crossed.VerifyWith(verifier));
    }

    [Fact]
    public void Unknown_key_is_invalid_and_the_reason_names_the_header_not_the_key()
    {
        var request = Valid().ReplaceHeader("X-Pusher-Key", "some-other-app-key");
        var result = request.VerifyWith(Verifier(Secret));
        Expect.Failed(FailureCode.InvalidSignature, result);
        Assert.Contains("`X-Pusher-Key`", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("some-other-app-key", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Missing_empty_or_repeated_key_is_malformed(bool repeated)
    {
        var verifier = Verifier(Secret);
        var request = repeated ? Valid().Header("X-Pusher-Key", KeyIds.For(Secret)) : Valid().WithoutHeader("X-Pusher-Key");
        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(verifier));
        Expect.Failed(FailureCode.MalformedSignature, Valid().ReplaceHeader("X-Pusher-Key", "").VerifyWith(verifier));
    }

    [Fact]
    public void Plain_secrets_are_refused_keyed_secrets_required()
    {
        Assert.Contains(Verifiers.Problems("pusher", new ProviderSettings { Secrets = [Secret] }), p => p.Key == "Secrets");
        Assert.Contains(Verifiers.Problems("pusher", new ProviderSettings()), p => p.Key == "KeyedSecrets");
        Assert.Contains(
            Verifiers.Problems("pusher", new ProviderSettings { KeyedSecrets = [new("a", Secret), new("a", PreviousSecret)] }),
            p => p.Key == "KeyedSecrets:1:KeyId");
        Assert.Contains(Verifiers.Problems("pusher", new ProviderSettings { KeyedSecrets = [new("a", "")] }), p => p.Key == "KeyedSecrets:0:Secret");
    }

    [Fact]
    public void Sign_verb_takes_the_key_and_its_secret()
    {
        var problems = new List<SettingProblem>();
        var signer = ProviderCatalogue.CreateSigner("pusher", $"{VectorKey}:{VectorSecret}", new ProviderSettings(), problems)!;
        Assert.Empty(problems);
        var headers = new List<KeyValuePair<string, string>>();
        signer.Sign(new SigningInput(System.Text.Encoding.UTF8.GetBytes(VectorBody), Now, "unused"), headers);
        Assert.Contains(new KeyValuePair<string, string>("X-Pusher-Key", VectorKey), headers);
        Assert.Contains(new KeyValuePair<string, string>("X-Pusher-Signature", VectorSignature), headers);

        Assert.Null(ProviderCatalogue.CreateSigner("pusher", VectorSecret, new ProviderSettings(), problems));
        Assert.Contains(problems, p => p.Key == "Secret");
    }
}
