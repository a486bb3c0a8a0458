using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests;

/// <summary>`Idempotency.KeyHeader` replaces the provider's own delivery-id source, header or body field alike.</summary>
public sealed class DeliveryIdTests
{
    private const string Secret = "key-header-secret";

    [Fact]
    public void KeyHeader_replaces_the_provider_header()
    {
        var verifier = Verifiers.Create("github", new ProviderSettings { Secrets = [Secret], KeyHeader = "X-Idempotency-Key" });
        var request = Request.Post("{}")
            .Header("X-Hub-Signature-256", "sha256=" + Sign.Sha256Hex(Secret, "{}"))
            .Header("X-GitHub-Delivery", "github-delivery")
            .Header("X-Idempotency-Key", "our-key");
        Assert.Equal("our-key", Expect.Verified(request.VerifyWith(verifier)).DeliveryId);
        Assert.Null(Expect.Verified(request.Clone().WithoutHeader("X-Idempotency-Key").VerifyWith(verifier)).DeliveryId);
        Expect.Failed(FailureCode.MalformedSignature, request.Clone().Header("X-Idempotency-Key", "second").VerifyWith(verifier));
    }

    [Fact]
    public void KeyHeader_replaces_a_json_body_field()
    {
        const string body = """{"id":"evt_body"}""";
        var verifier = Verifiers.Create("stripe", new ProviderSettings { Secrets = [Secret], KeyHeader = "X-Idempotency-Key" });
        var request = Request.Post(body)
            .Header("Stripe-Signature", Sign.StripeHeader(Secret, Request.DefaultNow.ToUnixTimeSeconds(), body))
            .Header("X-Idempotency-Key", "from-header");
        Assert.Equal("from-header", Expect.Verified(request.VerifyWith(verifier)).DeliveryId);
    }

    [Fact]
    public void Empty_delivery_header_means_no_id_rather_than_an_empty_key()
    {
        var verifier = Verifiers.Create("github", Secret);
        var request = Request.Post("{}")
            .Header("X-Hub-Signature-256", "sha256=" + Sign.Sha256Hex(Secret, "{}"))
            .Header("X-GitHub-Delivery", "");
        Assert.Null(Expect.Verified(request.VerifyWith(verifier)).DeliveryId);
    }

    [Fact]
    public void Json_id_is_read_from_the_top_level_only()
    {
        const string body = """{"data":{"object":{"id":"pi_nested"}},"id":"evt_top"}""";
        var verifier = Verifiers.Create("stripe", Secret);
        var request = Request.Post(body).Header("Stripe-Signature", Sign.StripeHeader(Secret, Request.DefaultNow.ToUnixTimeSeconds(), body));
        Assert.Equal("evt_top", Expect.Verified(request.VerifyWith(verifier)).DeliveryId);
    }
}
