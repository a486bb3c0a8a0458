using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Idempotency;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Tests;

/// <summary>How deliveries are keyed: per route, every id hashed, the content key stable across retries.</summary>
public sealed class DeliveryKeyTests
{
    private static readonly byte[] BodyHash = SHA256.HashData("""{"id":"evt_1"}"""u8);

    [Fact]
    public void The_same_delivery_on_two_routes_has_two_records()
    {
        var key = new DeliveryKey(IdempotencyKeyKind.DeliveryId, "evt_1");
        Assert.NotEqual(IdempotencyKey.For("stripe-orders", key), IdempotencyKey.For("stripe-billing", key));
    }

    [Fact]
    public void A_literal_id_shaped_like_a_hashed_one_does_not_share_its_record()
    {
        var longId = new string('x', 500);
        var hashed = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(longId)));
        Assert.NotEqual(
            IdempotencyKey.For("github", new DeliveryKey(IdempotencyKeyKind.DeliveryId, longId)),
            IdempotencyKey.For("github", new DeliveryKey(IdempotencyKeyKind.DeliveryId, hashed)));
        var contentHex = ContentKey.Compute(BodyHash, null, null);
        Assert.NotEqual(
            IdempotencyKey.For("github", new DeliveryKey(IdempotencyKeyKind.DeliveryId, contentHex)),
            IdempotencyKey.For("github", new DeliveryKey(IdempotencyKeyKind.Content, contentHex)));
    }

    [Fact]
    public void Stored_keys_are_bounded_whatever_the_id()
    {
        var key = IdempotencyKey.For("github", new DeliveryKey(IdempotencyKeyKind.DeliveryId, new string('é', 100_000)));
        Assert.Equal(64, key.Length);
    }

    [Fact]
    public void Content_key_is_the_body_hash_alone_and_folds_in_the_signed_url_and_event_type_when_present()
    {
        Assert.Equal(Convert.ToHexStringLower(BodyHash), ContentKey.Compute(BodyHash, null, null));
        var push = ContentKey.Compute(BodyHash, null, "push");
        Assert.NotEqual(push, ContentKey.Compute(BodyHash, null, "ping"));
        Assert.NotEqual(ContentKey.Compute(BodyHash, "https://a.example/x?y=1", null), ContentKey.Compute(BodyHash, "https://a.example/x?y=2", null));
        // Unambiguous: moving text between the URL and the event type changes the key.
        Assert.NotEqual(ContentKey.Compute(BodyHash, "ab", "c"), ContentKey.Compute(BodyHash, "a", "bc"));
        Assert.Equal(push, ContentKey.Compute(BodyHash, null, "push"));
    }

    [Fact]
    public void Forward_id_is_the_route_and_the_provider_id_or_the_content_digest()
    {
        Assert.Equal("github:72d3162e", new DeliveryKey(IdempotencyKeyKind.DeliveryId, "72d3162e").ForwardId("github"));
        Assert.Equal("github:sha256:" + new string('a', 64), new DeliveryKey(IdempotencyKeyKind.Content, new string('a', 64)).ForwardId("github"));
        var odd = new DeliveryKey(IdempotencyKeyKind.DeliveryId, "id with spaces and é").ForwardId("stripe");
        Assert.StartsWith("stripe:sha256:", odd, StringComparison.Ordinal);
        Assert.True(new DeliveryKey(IdempotencyKeyKind.DeliveryId, new string('x', 400)).ForwardId("r").Length <= 200);
    }
}
