using StandardWebhooks.Diagnostics;
using WebhookFirewall.Model;

namespace WebhookFirewall.Tests;

/// <summary>
/// The mark a backend can check: every request the firewall verified and forwards carries the Standard Webhooks
/// signature under `X-Webhook-Firewall-*`, which an independent Standard Webhooks implementation accepts over the
/// bytes the backend received — and nothing else carries it (a Report-mode failure, an Anonymous request).
/// </summary>
public sealed class ForwardSignatureTests : FirewallTestBase
{
    // The Standard Webhooks specification's example key, and a second for rotation.
    private const string ForwardKey = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string PolicyKey = "whsec_cG9saWN5LW93bi1rZXktMDEyMzQ1Njc4OQ==";

    protected override FirewallConfig Configure(FirewallConfig config) => config
        .Setting("ForwardSignature", new { Secrets = new[] { ForwardKey } })
        .Route("stripe-own", "/webhooks/stripe-own", "stripe-own")
        .Policy("stripe-own", new { Provider = "stripe", Secrets = new[] { StripeSecret }, ForwardSignature = new { Secrets = new[] { PolicyKey } } });

    [Fact]
    public async Task A_verified_delivery_carries_a_signature_an_independent_implementation_accepts()
    {
        var body = UniqueBody();
        using var response = await Client.SendAsync(GitHubDelivery(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Upstream.Received);
        ForwardSignatureCheck.Verify(ForwardKey, received);
        // GitHub signs no id and no timestamp: the id is the route and the content key, the same on every attempt.
        Assert.Matches("^github:sha256:[0-9a-f]{64}$", received.Header(MarkHeaders.Id));
        Assert.Throws<WebhookVerificationException>(() => ForwardSignatureCheck.Verify(PolicyKey, received));
    }

    [Fact]
    public async Task The_id_is_the_route_and_the_providers_signed_id_and_a_policy_may_sign_with_its_own_key()
    {
        var body = """{"id":"evt_forward_1","object":"event"}"""u8.ToArray();
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe-own") { Content = new ByteArrayContent(body) };
        request.Headers.Add("Stripe-Signature", Sign.Stripe(StripeSecret, Sign.Now(), body));

        using var response = await Client.SendAsync(request);

        var received = Assert.Single(Upstream.Received);
        Assert.Equal("stripe-own:evt_forward_1", received.Header(MarkHeaders.Id));
        ForwardSignatureCheck.Verify(PolicyKey, received);
        Assert.Throws<WebhookVerificationException>(() => ForwardSignatureCheck.Verify(ForwardKey, received));
    }

    [Fact]
    public async Task A_report_mode_failure_and_an_anonymous_request_are_never_signed()
    {
        using var failed = await Client.SendAsync(GitHubDelivery(UniqueBody(), secret: "wrong", path: "/webhooks/report"));
        using var anonymous = await Client.PostAsync("/open/x", new StringContent("{}"));

        Assert.Equal(2, Upstream.Received.Count);
        Assert.All(Upstream.Received, r =>
        {
            Assert.Null(r.Header(MarkHeaders.Id));
            Assert.Null(r.Header(MarkHeaders.Signature));
            Assert.Null(r.Header(MarkHeaders.Timestamp));
        });
        Assert.Equal("failed; code=invalid_signature", Upstream.Received[0].Header("X-Webhook-Verification"));
    }

    [Fact]
    public async Task A_senders_own_forward_signature_headers_are_replaced_by_the_firewalls()
    {
        var request = GitHubDelivery(UniqueBody());
        request.Headers.TryAddWithoutValidation(MarkHeaders.Id, "github:forged");
        request.Headers.TryAddWithoutValidation(MarkHeaders.Signature, "v1,Zm9yZ2Vk");
        request.Headers.TryAddWithoutValidation("X_Webhook_Firewall_Timestamp", "1");

        using var response = await Client.SendAsync(request);

        var received = Assert.Single(Upstream.Received);
        Assert.NotEqual("github:forged", received.Header(MarkHeaders.Id));
        Assert.False(received.Headers.ContainsKey("X_Webhook_Firewall_Timestamp"));
        ForwardSignatureCheck.Verify(ForwardKey, received);
    }
}
