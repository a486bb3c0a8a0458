using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Azure Event Grid signs nothing: a shared secret in a delivery-property header (the contract runs in this mode) or
/// in a query parameter. Both handshakes are answered only with the secret. Example bodies are Microsoft's
/// (MicrosoftDocs/azure-docs: articles/event-grid/webhook-event-delivery.md, delivery-and-retry.md).
/// </summary>
public sealed class AzureEventGridTests : TokenProviderContract
{
    /// <summary>The example SubscriptionValidationEvent of webhook-event-delivery.md, compacted.</summary>
    private const string ValidationBody = """[{"id":"2d1781af-3a4c-4d7c-bd0c-e34b19da4e66","topic":"/subscriptions/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx","subject":"","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6","validationUrl":"https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/estest/validate?id=512d38b6-c7b8-40c8-89fe-f46f9e9622b6&t=2018-04-26T20:30:54.4538837Z&apiVersion=2018-05-01-preview&token=1A1A1A1A"},"eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2018-01-25T22:12:19.4556811Z","metadataVersion":"1","dataVersion":"1"}]""";

    protected override string Provider => "azure-event-grid";

    protected override string SignatureHeader => "X-Event-Grid-Secret";

    protected override ProviderSettings Settings(params string[] secrets) => new() { Secrets = secrets, Header = "X-Event-Grid-Secret" };

    protected override Request Post(byte[] body) => Request.Post(body).Header("aeg-event-type", "Notification");

    protected override Request SignedHandshake(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("aeg-event-type", "SubscriptionValidation").Header(SignatureHeader, secret);

    /// <summary>
    /// Both handshakes, authenticated with the secret: the SubscriptionValidation POST (Event Grid chooses the event
    /// and its code) and the CloudEvents OPTIONS probe (its origin, callback and requested rate).
    /// </summary>
    protected override IEnumerable<Request> HandshakesCarrying(string secret, string chosen)
    {
        var json = SenderText.Json(chosen);
        var validation = $$"""[{"id":{{json}},"topic":{{json}},"subject":{{json}},"data":{"validationCode":{{json}},"validationUrl":{{json}}},"eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2018-01-25T22:12:19.4556811Z","metadataVersion":"1","dataVersion":"1"}]""";
        var probe = Request.Get().WithMethod("OPTIONS").Header(SignatureHeader, secret).Header("WebHook-Request-Origin", chosen).Header("WebHook-Request-Callback", chosen);
        return
        [
            Request.Post(validation).Header("aeg-event-type", "SubscriptionValidation").Header(SignatureHeader, secret),
            probe,
            probe.Clone().Header("WebHook-Request-Rate", chosen),
        ];
    }

    private static IWebhookVerifier QueryVerifier() =>
        Verifiers.Create("azure-event-grid", new ProviderSettings { Secrets = [Secret, PreviousSecret], QueryParameter = "code" });

    [Fact]
    public void Subscription_validation_with_the_secret_is_answered_with_the_code()
    {
        var request = Request.Post(ValidationBody).Header("aeg-event-type", "SubscriptionValidation").Header("X-Event-Grid-Secret", Secret);
        var response = Expect.Challenge(request.VerifyWith(Verifier(Secret)));
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal("""{"validationResponse":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"}""", response.Body);
    }

    [Fact]
    public void Subscription_validation_without_the_secret_is_not_answered()
    {
        var request = Request.Post(ValidationBody).Header("aeg-event-type", "SubscriptionValidation");
        Expect.Failed(FailureCode.MissingSignature, request.VerifyWith(Verifier(Secret)));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().Header("X-Event-Grid-Secret", WrongSecret).VerifyWith(Verifier(Secret)));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""[{"data":{}}]""")]
    [InlineData("""{"data":{"validationCode":"not-in-an-array"}}""")]
    [InlineData("""[{"data":{"validationCode":7}}]""")]
    public void Subscription_validation_without_a_code_is_neither_answered_nor_forwarded(string body)
    {
        var request = Request.Post(body).Header("aeg-event-type", "SubscriptionValidation").Header("X-Event-Grid-Secret", Secret);
        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Repeated_event_type_header_is_malformed()
    {
        var request = Valid().Header("aeg-event-type", "SubscriptionValidation");
        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Cloudevents_options_with_the_secret_is_answered_with_the_allowed_origin()
    {
        var request = Request.Get("?code=" + Uri.EscapeDataString(Secret)).WithMethod("OPTIONS")
            .Header("WebHook-Request-Origin", "eventgrid.azure.net")
            .Header("WebHook-Request-Callback", "https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/sub/validate?token=x");
        var response = Expect.Challenge(request.VerifyWith(QueryVerifier()));
        Assert.Equal(200, response.StatusCode);
        Assert.Null(response.ContentType);
        Assert.Contains(new KeyValuePair<string, string>("WebHook-Allowed-Origin", "eventgrid.azure.net"), response.Headers);
        Assert.DoesNotContain(response.Headers, h => h.Key == "WebHook-Allowed-Rate");
    }

    [Fact]
    public void Requested_rate_is_granted_in_the_answer()
    {
        var request = Request.Get().WithMethod("OPTIONS").Header("X-Event-Grid-Secret", Secret)
            .Header("WebHook-Request-Origin", "eventgrid.azure.net").Header("WebHook-Request-Rate", "120");
        var response = Expect.Challenge(request.VerifyWith(Verifier(Secret)));
        Assert.Contains(new KeyValuePair<string, string>("WebHook-Allowed-Rate", "120"), response.Headers);
        Assert.Contains(new KeyValuePair<string, string>("WebHook-Allowed-Origin", "eventgrid.azure.net"), response.Headers);
    }

    [Fact]
    public void Cloudevents_options_without_the_secret_is_not_answered()
    {
        var request = Request.Get().WithMethod("OPTIONS").Header("WebHook-Request-Origin", "eventgrid.azure.net");
        Expect.Failed(FailureCode.MissingSignature, request.VerifyWith(QueryVerifier()));
        Expect.Failed(FailureCode.InvalidSignature, request.Clone().WithQuery("?code=guess").VerifyWith(QueryVerifier()));
        Expect.Failed(FailureCode.MissingSignature, request.Clone().VerifyWith(Verifier(Secret)));
    }

    [Theory]
    [InlineData("WebHook-Request-Origin", "event grid")]
    [InlineData("WebHook-Request-Origin", "")]
    [InlineData("WebHook-Request-Rate", "0")]
    [InlineData("WebHook-Request-Rate", "-5")]
    [InlineData("WebHook-Request-Rate", "many")]
    [InlineData("WebHook-Request-Rate", "99999999999")]
    public void Options_with_an_origin_or_rate_not_in_the_spec_format_is_malformed(string header, string value)
    {
        var request = Request.Get().WithMethod("OPTIONS").Header("X-Event-Grid-Secret", Secret).ReplaceHeader("WebHook-Request-Origin", "eventgrid.azure.net").ReplaceHeader(header, value);
        Expect.Failed(FailureCode.MalformedSignature, request.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Query_parameter_secret_verifies_deliveries_with_rotation()
    {
        var verifier = QueryVerifier();
        Expect.Verified(Post(DefaultBody).WithQuery("?code=" + Uri.EscapeDataString(Secret)).VerifyWith(verifier));
        Expect.Verified(Post(DefaultBody).WithQuery("?x=1&code=" + Uri.EscapeDataString(PreviousSecret)).VerifyWith(verifier), secretIndex: 1);
        Expect.Failed(FailureCode.MissingSignature, Post(DefaultBody).VerifyWith(verifier));
        Expect.Failed(FailureCode.MissingSignature, Post(DefaultBody).Header("code", Secret).VerifyWith(verifier));
        Expect.Failed(FailureCode.InvalidSignature, Post(DefaultBody).WithQuery("?code=" + Uri.EscapeDataString(WrongSecret)).VerifyWith(verifier));
        Expect.Failed(FailureCode.MalformedSignature, Post(DefaultBody).WithQuery("?code=a&code=" + Uri.EscapeDataString(Secret)).VerifyWith(verifier));
        Expect.Failed(FailureCode.MalformedSignature, Post(DefaultBody).WithQuery("?code=").VerifyWith(verifier));
    }

    [Fact]
    public void Exactly_one_of_header_and_query_parameter_is_required()
    {
        Assert.Contains(Verifiers.Problems("azure-event-grid", new ProviderSettings { Secrets = [Secret] }), p => p.Key == "Header");
        Assert.Contains(Verifiers.Problems("azure-event-grid", new ProviderSettings { Secrets = [Secret], Header = "X-A", QueryParameter = "code" }), p => p.Key == "QueryParameter");
        Assert.Contains(Verifiers.Problems("azure-event-grid", new ProviderSettings { QueryParameter = "code" }), p => p.Key == "Secrets");
    }

    [Theory]
    [InlineData("""[{"id":"93902694-901e-008f-6f95-7153a806873c","eventType":"Microsoft.Storage.BlobCreated","data":{"api":"PutBlob"}}]""", "93902694-901e-008f-6f95-7153a806873c")]
    [InlineData("""{"specversion":"1.0","id":"caee971c-3ca0-4254-8f99-1395b394588e","source":"mysource","type":"fooEventType","data":{"id":"inner"}}""", "caee971c-3ca0-4254-8f99-1395b394588e")]
    [InlineData("""[{"id":"a","data":{}},{"id":"b","data":{}}]""", null)]
    [InlineData("""[{"data":{"id":"inner"}}]""", null)]
    [InlineData("""[{"id":7}]""", null)]
    [InlineData("""[]""", null)]
    public void Delivery_id_is_the_id_of_a_single_event(string body, string? expected)
    {
        Assert.Equal(expected, Expect.Verified(Valid().WithBody(body).VerifyWith(Verifier(Secret))).DeliveryId);
    }

    [Fact]
    public void Notification_events_are_forwarded()
    {
        var body = Encoding.UTF8.GetBytes("""[{"id":"e1","eventType":"Microsoft.Storage.BlobCreated","data":{"api":"PutBlob"}}]""");
        Assert.Equal("e1", Expect.Verified(Post(body).Header("X-Event-Grid-Secret", Secret).VerifyWith(Verifier(Secret))).DeliveryId);
    }
}
