using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Postmark signs nothing; its webhooks carry the Basic credentials of the registered URL
/// (postmarkapp.com/developer/webhooks/webhooks-overview, "Protecting your webhook": `https://user:password@host/...`;
/// ActiveCampaign/postmark.js@5642c720f2f1206bd45750f57503581779bdee5c src/client/models/webhooks/Webhook.ts, HttpAuth).
/// The header is built here as RFC 7617 defines it: `Basic ` + base64 of `user:password`.
/// </summary>
public sealed class PostmarkTests : ProviderContract
{
    private const string User = "postmark-hooks";

    protected override string Provider => "postmark";

    protected override string SignatureHeader => "Authorization";

    protected override ProviderSettings Settings(params string[] secrets) => new() { Secrets = secrets, Username = User };

    protected override IEnumerable<string> MalformedSignatures =>
    [
        "",
        "Bearer " + Basic(User, Secret)[6..],
        "Basic",
        "Basic ",
        "Basic !!!",
        "Basic " + Convert.ToBase64String("no-colon-here"u8.ToArray()),
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Secret}")),
        "Basic " + new string('A', 5000),
    ];

    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("Authorization", Basic(User, secret)).Header("Content-Type", "application/json");

    /// <summary>The body is not covered: the attacker's change is to the credentials.</summary>
    protected override void Mutate(Request request, Random random) =>
        request.ReplaceHeader("Authorization", Basic(random.Next(2) == 0 ? User : Oracles.Change(User, random), random.Next(2) == 0 ? "guess" : Oracles.Change(Secret, random)));

    [Theory]
    [InlineData("postmark-hooks", "It's the current secre")]
    [InlineData("postmark-hooks", "It's the current secret ")]
    [InlineData("Postmark-hooks", "It's the current secret")]
    [InlineData("postmark-hook", "It's the current secret")]
    [InlineData("", "It's the current secret")]
    [InlineData("postmark-hooks:It's the current secret", "")]
    public void User_and_password_must_both_match_exactly(string user, string password)
    {
        Expect.Failed(FailureCode.InvalidSignature, Valid().ReplaceHeader("Authorization", Basic(user, password)).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Scheme_name_is_case_insensitive_as_RFC_7235_says()
    {
        Expect.Verified(Valid().ReplaceHeader("Authorization", "basic " + Basic(User, Secret)[6..]).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void A_password_may_hold_colons()
    {
        var verifier = Verifiers.Create("postmark", new ProviderSettings { Secrets = ["pa:ss:word"], Username = User });
        Expect.Verified(Request.Post(DefaultBody).Header("Authorization", Basic(User, "pa:ss:word")).VerifyWith(verifier));
    }

    [Fact]
    public void Body_is_not_covered_so_deliveries_are_keyed_by_content()
    {
        var verifier = Verifier(Secret);
        Expect.Verified(Valid().WithBody("""{"RecordType":"Bounce"}""").VerifyWith(verifier));
        Assert.Equal(IdempotencyKeyKind.Content, verifier.DefaultKeyKind);
        Assert.Equal(["Authorization"], verifier.CredentialHeaders);
    }

    [Fact]
    public void Username_is_required_and_may_not_hold_a_colon()
    {
        Assert.Contains(Verifiers.Problems("postmark", new ProviderSettings { Secrets = [Secret] }), p => p.Key == "Username");
        Assert.Contains(Verifiers.Problems("postmark", new ProviderSettings { Secrets = [Secret], Username = "a:b" }), p => p.Key == "Username");
    }

    [Fact]
    public void Sign_verb_writes_the_basic_header()
    {
        var problems = new List<SettingProblem>();
        var signer = ProviderCatalogue.CreateSigner("postmark", Secret, new ProviderSettings { Username = User }, problems);
        Assert.Empty(problems);
        var headers = new List<KeyValuePair<string, string>>();
        signer!.Sign(new SigningInput(DefaultBody, Now, "unused"), headers);
        Assert.Equal(Basic(User, Secret), Assert.Single(headers).Value);
    }
}
