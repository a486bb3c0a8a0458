using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>Replicate: Standard Webhooks under webhook-* names (the reference-library vector and its cases come from the contract).</summary>
public sealed class ReplicateTests : StandardWebhooksContract
{
    protected override string Provider => "replicate";

    protected override string HeaderPrefix => "webhook-";

    // replicate/replicate-javascript@2fd6f3944f5e252f2eb7cd4e9e5416786b9c4861 index.test.ts ("validateWebhook"): the
    // same vector, sent with the header names capitalised as Replicate's test writes them. lib/util.js checks no
    // timestamp; here the policy's window applies, so the vector is refused an hour later.
    [Fact]
    public void Replicate_sdk_test_vector_verifies_with_its_header_spelling_and_only_within_the_window()
    {
        var request = Request.Post(VectorBody)
            .Header("Webhook-ID", VectorId)
            .Header("Webhook-Timestamp", VectorTimestamp.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Header("Webhook-Signature", VectorSignature)
            .At(DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp));
        var verifier = Verifiers.Create("replicate", VectorSecret);
        Assert.Equal(VectorId, Expect.Verified(request.VerifyWith(verifier)).DeliveryId);
        Expect.Failed(FailureCode.TimestampOutOfWindow, request.At(DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp + 3600)).VerifyWith(verifier));
    }
}
