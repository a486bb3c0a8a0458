using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Microsoft Graph signs nothing: a change notification proves itself by the subscription's clientState, and the
/// validation request by nothing (it is an echo). Cases from microsoftgraph/microsoft-graph-docs-contrib:
/// concepts/change-notifications-delivery-webhooks.md at 01c641aced9437aea8a5c1f17fd65078bff7391e (the change
/// notification example, "Validate the clientState property"), and
/// concepts/includes/change-notifications-delivery-notificationurl-validation.md at
/// 0d928665b3df9c6bc0cf9957f10634c16b072d31 (POST ?validationToken= → 200 text/plain, the URL-decoded token).
/// </summary>
public sealed class MicrosoftGraphTests : IProviderOracle
{
    private const string ClientState = "secretClientValue";

    // The docs' change notification example, as sent.
    private const string DocsNotification = """
        {
          "value": [
            {
              "id": "lsgTZMr9KwAAA",
              "subscriptionId":"{subscription_guid}",
              "subscriptionExpirationDateTime":"2016-03-19T22:11:09.952Z",
              "clientState":"secretClientValue",
              "changeType":"created",
              "resource":"users/{user_guid}@{tenant_guid}/messages/{long_id_string}",
              "tenantId": "84bd8158-6d4d-4958-8b9f-9d6445542f95",
              "resourceData":
              {
                "@odata.type":"#Microsoft.Graph.Message",
                "@odata.id":"Users/{user_guid}@{tenant_guid}/Messages/{long_id_string}",
                "@odata.etag":"W/\"CQAAABYAAADkrWGo7bouTKlsgTZMr9KwAAAUWRHf\"",
                "id":"{long_id_string}"
              }
            }
          ]
        }
        """;

    string IProviderOracle.Provider => "microsoft-graph";

    ProviderSettings IProviderOracle.SettingsFor(string secret) => new() { ClientState = secret };

    /// <summary>A notification carrying the clientState, its resource data holding <paramref name="body"/> (base64).</summary>
    Request IProviderOracle.Sign(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(Notifications((secret, Convert.ToBase64String(body))));

    /// <summary>Another clientState, an added notification without the right one, or none at all.</summary>
    void IProviderOracle.Mutate(Request request, Random random)
    {
        var text = Encoding.UTF8.GetString(request.Body);
        request.WithBody(random.Next(3) switch
        {
            0 => text.Replace("\"clientState\":\"", "\"clientState\":\"x", StringComparison.Ordinal),
            1 => text.Replace("\"value\":[", "\"value\":[{\"clientState\":\"guess\",\"changeType\":\"deleted\"},", StringComparison.Ordinal),
            _ => text.Replace("\"clientState\":", "\"otherState\":", StringComparison.Ordinal),
        });
    }

    /// <summary>The validation POST is answered by design, with exactly the decoded token the caller sent.</summary>
    bool IProviderOracle.IsUnsignedEcho(Request request, VerificationResult result)
    {
        if (result.Outcome != VerificationOutcome.Challenge)
        {
            return false;
        }

        var token = Primitives.QueryParameters.Get(request.QueryString, "validationToken");
        Assert.True(request.Method == "POST" && token.Presence == HeaderPresence.Single, $"microsoft-graph answered {request.Method} {request.QueryString}");
        Assert.Equal(token.Value, result.Handshake!.Body);
        return true;
    }

    /// <summary>The validation POST, unsigned: anyone can send it, with any token and any body.</summary>
    IEnumerable<Request> IProviderOracle.HandshakesCarrying(string secret, string chosen) =>
        [Request.Post(chosen).WithQuery("?validationToken=" + SenderText.Query(chosen)).Header("Content-Type", "text/plain; charset=utf-8")];

    private static string Notifications(params (string ClientState, string Data)[] items) =>
        "{\"value\":[" + string.Join(',', items.Select(i => $$$"""{"subscriptionId":"7f105c7d-2dc5-4530-97cd-4e7ae6534c07","clientState":"{{{i.ClientState}}}","changeType":"updated","resource":"users/a/messages/b","resourceData":{"data":"{{{i.Data}}}"}}""")) + "]}";

    private static IWebhookVerifier Verifier(string clientState = ClientState) => Verifiers.Create("microsoft-graph", new ProviderSettings { ClientState = clientState });

    [Fact]
    public void Docs_notification_verifies_and_is_keyed_by_content()
    {
        var verifier = Verifier();
        var result = Expect.Verified(Request.Post(DocsNotification).VerifyWith(verifier));
        Assert.Null(result.DeliveryId);
        Assert.Equal(IdempotencyKeyKind.Content, verifier.DefaultKeyKind);
        Assert.Equal(["clientState"], verifier.Info.CredentialFields);
        Expect.Failed(FailureCode.InvalidSignature, Request.Post(DocsNotification).VerifyWith(Verifier("anotherClientValue")));
    }

    /// <summary>A batch may mix subscriptions: every notification must carry the clientState, or none is trusted.</summary>
    [Fact]
    public void Every_notification_of_a_batch_must_carry_the_client_state()
    {
        Expect.Verified(Request.Post(Notifications((ClientState, "a"), (ClientState, "b"))).VerifyWith(Verifier()));
        Expect.Failed(FailureCode.InvalidSignature, Request.Post(Notifications((ClientState, "a"), ("rogue", "b"))).VerifyWith(Verifier()));
        Expect.Failed(FailureCode.MissingSignature, Request.Post("""{"value":[{"changeType":"created"}]}""").VerifyWith(Verifier()));
    }

    [Theory]
    [InlineData("""{"value":[]}""")]
    [InlineData("""{"value":[{"clientState":1}]}""")]
    [InlineData("""{"value":[{"clientState":"secretClientValue","clientState":"other"}]}""")]
    [InlineData("""{"value":[{"clientState":"secretClientValue"}],"value":[]}""")]
    [InlineData("""{"value":[{"clientState":"\udc00"}]}""")]
    [InlineData("{ not json")]
    public void Bodies_not_in_Graph_s_shape_are_malformed(string body)
    {
        Expect.Failed(FailureCode.MalformedSignature, Request.Post(body).VerifyWith(Verifier()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("""{"id":"evt_1"}""")]
    [InlineData("""[{"clientState":"secretClientValue"}]""")]
    public void Bodies_without_notifications_are_missing_signature(string body)
    {
        Expect.Failed(FailureCode.MissingSignature, Request.Post(body).VerifyWith(Verifier()));
    }

    [Fact]
    public void Validation_post_is_answered_with_the_decoded_token_as_plain_text()
    {
        var request = Request.Post(string.Empty).WithQuery("?validationToken=Validation%3A+Testing+client+application+reachability+for+subscription+Request-Id%3A+9c0d4a3e")
            .Header("Content-Type", "text/plain; charset=utf-8");
        var response = Expect.Challenge(request.VerifyWith(Verifier()));
        Assert.Equal(200, response.StatusCode);
        Assert.StartsWith("text/plain", response.ContentType, StringComparison.Ordinal);
        Assert.Equal("Validation: Testing client application reachability for subscription Request-Id: 9c0d4a3e", response.Body);
        Assert.Contains(new KeyValuePair<string, string>("X-Content-Type-Options", "nosniff"), response.Headers);
    }

    /// <summary>Graph "never sends any value containing HTML or JavaScript code": such a token is not echoed.</summary>
    [Theory]
    [InlineData("?validationToken=%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("?validationToken=a%0Db")]
    [InlineData("?validationToken=")]
    [InlineData("?validationToken=a&validationToken=b")]
    public void Validation_token_that_Graph_never_sends_is_refused(string query)
    {
        Expect.Failed(FailureCode.MalformedSignature, Request.Post(string.Empty).WithQuery(query).VerifyWith(Verifier()));
        var tooLong = Request.Post(string.Empty).WithQuery("?validationToken=" + new string('a', 2049));
        Expect.Failed(FailureCode.MalformedSignature, tooLong.VerifyWith(Verifier()));
    }

    /// <summary>
    /// The echo is the caller's own text, never a secret or a MAC: answered to anyone, it is still no way to make a
    /// delivery verify — a notification carrying the echoed token as clientState is refused.
    /// </summary>
    [Fact]
    public void Validation_answer_is_not_a_credential_for_a_delivery()
    {
        var answer = Expect.Challenge(Request.Post(string.Empty).WithQuery("?validationToken=guess").VerifyWith(Verifier())).Body;
        Expect.Failed(FailureCode.InvalidSignature, Request.Post(Notifications((answer, "a"))).VerifyWith(Verifier()));
        Expect.Failed(FailureCode.MissingSignature, Request.Get("?validationToken=guess").VerifyWith(Verifier()));
    }

    [Fact]
    public void Client_state_is_required_and_secrets_are_not_used()
    {
        Assert.Contains(Verifiers.Problems("microsoft-graph", new ProviderSettings()), p => p.Key == "ClientState");
        Assert.Contains(Verifiers.Problems("microsoft-graph", new ProviderSettings { ClientState = ClientState, Secrets = ["x"] }), p => p.Key == "Secrets");
        Assert.Contains(Verifiers.Problems("microsoft-graph", new ProviderSettings { ClientState = ClientState + " " }), p => p.Key == "ClientState");
    }
}
