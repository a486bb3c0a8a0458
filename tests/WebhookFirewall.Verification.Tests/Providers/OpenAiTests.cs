using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>OpenAI: Standard Webhooks under webhook-* names; a vector taken from a real OpenAI event.</summary>
public sealed class OpenAiTests : StandardWebhooksContract
{
    private const string OpenAiSecret = "whsec_RdvaYFYUXuIFuEbvZHwMfYFhUf7aMYjYcmM24+Aj40c=";
    private const string OpenAiId = "wh_685c059ae39c8190af8c71ed1022a24d";
    private const long OpenAiTimestamp = 1750861210;
    private const string OpenAiBody = """{"id": "evt_685c059ae3a481909bdc86819b066fb6", "object": "event", "created_at": 1750861210, "type": "response.completed", "data": {"id": "resp_123"}}""";
    private const string OpenAiSignature = "v1,gUAg4R2hWouRZqRQG4uJypNS8YK885G838+EHb4nKBY=";

    protected override string Provider => "openai";

    protected override string HeaderPrefix => "webhook-";

    private static Request OpenAiEvent(string body = OpenAiBody) => Request.Post(body)
        .Header("webhook-id", OpenAiId)
        .Header("webhook-timestamp", OpenAiTimestamp.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Header("webhook-signature", OpenAiSignature)
        .At(DateTimeOffset.FromUnixTimeSeconds(OpenAiTimestamp));

    // openai/openai-node@7b7d6ca71130d37ec09792c50056b47861f2eccf tests/api-resources/webhooks.test.ts ("all this data
    // is taken from a real webhook event"), verified by src/lib/webhook-signature.ts: 300 s, too old and too new.
    [Fact]
    public void Real_openai_event_verifies_at_its_own_time_and_not_five_minutes_later()
    {
        var verifier = Verifiers.Create("openai", OpenAiSecret);
        var result = Expect.Verified(OpenAiEvent().VerifyWith(verifier));
        Assert.Equal(OpenAiId, result.DeliveryId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(OpenAiTimestamp), result.Timestamp);
        Expect.Failed(FailureCode.TimestampOutOfWindow, OpenAiEvent().At(DateTimeOffset.FromUnixTimeSeconds(OpenAiTimestamp + 301)).VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, OpenAiEvent(OpenAiBody.Replace("resp_123", "resp_124", StringComparison.Ordinal)).VerifyWith(verifier));
    }

    // The SDK keys the HMAC with the base64-decoded part after `whsec_`: the whole string's UTF-8 is another key.
    [Fact]
    public void Real_openai_event_does_not_verify_under_the_secret_read_as_text()
    {
        var asText = "whsec_" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(OpenAiSecret));
        Expect.Failed(FailureCode.InvalidSignature, OpenAiEvent().VerifyWith(Verifiers.Create("openai", asText)));
    }
}
