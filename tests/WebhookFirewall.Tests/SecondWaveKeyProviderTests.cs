using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WebhookFirewall.Tests;

/// <summary>
/// The providers whose keys are fetched, through the real firewall: AWS SNS and PayPal with pinned certificates
/// (the host reads each `SigningCertificates` File), Google Pub/Sub, Plaid and eBay with a `KeyEndpoint` on a real
/// Kestrel key server on 127.0.0.1:0 that serves keys generated here. Everything is signed here with .NET's crypto,
/// as each provider signs. A key that cannot be fetched is answered 503 key_unavailable, so the provider retries.
/// </summary>
public sealed class SecondWaveKeyProviderTests : FirewallTestBase
{
    private const string Topic = "arn:aws:sns:us-east-1:123456789012:orders";
    private const string SnsCertificateUrl = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem";
    private const string PayPalCertificateUrl = "https://api.paypal.com/v1/notifications/certs/CERT-firewall-e2e";
    private const string PayPalWebhookId = "8PT597110X687430LKGECATA";
    private const string PubSubAudience = "https://hooks.example.com/pubsub";
    private const string PubSubAccount = "push@orders-project.iam.gserviceaccount.com";
    private const string PlaidClientId = "5e8b1c4e2b9f4a0013d6e0a1";
    private const string PlaidSecret = "plaid-api-secret";
    private const string EbayClientId = "FirewallTe-orders-PRD-1a2b3c4d5";
    private const string EbaySecret = "ebay-client-secret";
    private const string EbayVerifyToken = "verification-token-of-forty-characters-01";
    private const string EbayPublicUrl = "https://hooks.example.com/ebay";

    private static readonly SigningKey Sns = SigningKey.Rsa("sns.amazonaws.com");
    private static readonly SigningKey PayPal = SigningKey.Rsa("messageverificationcerts.paypal.com");
    private static readonly RSA Google = RSA.Create(2048);
    private static readonly ECDsa Plaid = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private static readonly ECDsa Ebay = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private readonly TempDirectory _files = new();
    private KeyEndpoint _keys = null!;

    public override async Task InitializeAsync()
    {
        _keys = await KeyEndpoint.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _keys.DisposeAsync();
        _files.Dispose();
    }

    protected override FirewallConfig Configure(FirewallConfig config) => config
        .Route("sns", "/webhooks/sns", "sns")
        .Route("sns-fetching", "/webhooks/sns-fetching", "sns-fetching")
        .Route("paypal", "/webhooks/paypal", "paypal")
        .Route("pubsub", "/webhooks/pubsub", "pubsub")
        .Route("plaid", "/webhooks/plaid", "plaid")
        .Route("ebay", "/webhooks/ebay", "ebay")
        .Policy("sns", new { Provider = "aws-sns", TopicArns = new[] { Topic }, SigningCertificates = new[] { new { Url = SnsCertificateUrl, File = _files.Write("sns.pem", Sns.CertificatePem) } } })
        .Policy("sns-fetching", new { Provider = "aws-sns", TopicArns = new[] { Topic } })
        .Policy("paypal", new { Provider = "paypal", WebhookId = PayPalWebhookId, SigningCertificates = new[] { new { Url = PayPalCertificateUrl, File = _files.Write("paypal.pem", PayPal.CertificatePem) } } })
        .Policy("pubsub", new { Provider = "google-pubsub", Audience = PubSubAudience, ServiceAccountEmail = PubSubAccount, KeyEndpoint = _keys.Url("google/certs") })
        .Policy("plaid", new { Provider = "plaid", ClientId = PlaidClientId, Secrets = new[] { PlaidSecret }, KeyEndpoint = _keys.Url("plaid/webhook_verification_key/get") })
        .Policy("ebay", new { Provider = "ebay", ClientId = EbayClientId, Secrets = new[] { EbaySecret }, VerifyToken = EbayVerifyToken, PublicUrl = EbayPublicUrl, KeyEndpoint = _keys.Url("ebay/") });

    // --- AWS SNS ---

    [Fact]
    public async Task Sns_notification_signed_by_the_pinned_certificate_is_forwarded_as_sent()
    {
        var body = SnsMessage("Notification", Guid.NewGuid().ToString(), DateTimeOffset.UtcNow);
        using var response = await Client.SendAsync(Post("/webhooks/sns", body, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Upstream.Received);
        Assert.Equal(body, received.Body);
        Assert.Equal("verified", received.Header("X-Webhook-Verification"));
    }

    [Fact]
    public async Task Sns_notification_of_a_topic_not_listed_is_refused_and_not_forwarded()
    {
        var body = SnsMessage("Notification", Guid.NewGuid().ToString(), DateTimeOffset.UtcNow, topic: "arn:aws:sns:us-east-1:123456789012:someone-elses");
        using var response = await Client.SendAsync(Post("/webhooks/sns", body, "text/plain"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_signature", await ProblemCodeAsync(response));
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Sns_subscription_confirmation_that_cannot_be_confirmed_is_503_key_unavailable_and_never_forwarded()
    {
        // The firewall confirms with a GET of SubscribeURL on the topic's SNS host (the library's tests play that
        // host); from here AWS cannot be reached, so the answer is 503 key_unavailable and SNS would retry. Either
        // way the upstream never sees the handshake.
        var subscribeUrl = $"https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn={Topic}&Token=2336412f37fb687f5d51e6e2425c464d";
        var body = SnsMessage("SubscriptionConfirmation", Guid.NewGuid().ToString(), DateTimeOffset.UtcNow, subscribeUrl: subscribeUrl, token: "2336412f37fb687f5d51e6e2425c464d");
        using var response = await Client.SendAsync(Post("/webhooks/sns", body, "text/plain"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("key_unavailable", await ProblemCodeAsync(response));
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Sns_certificate_neither_pinned_nor_reachable_is_key_unavailable()
    {
        var body = SnsMessage("Notification", Guid.NewGuid().ToString(), DateTimeOffset.UtcNow);
        using var response = await Client.SendAsync(Post("/webhooks/sns-fetching", body, "text/plain"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("key_unavailable", await ProblemCodeAsync(response));
        Assert.Empty(Upstream.Received);
    }

    // --- PayPal ---

    [Fact]
    public async Task PayPal_event_signed_by_the_pinned_certificate_is_forwarded_as_sent()
    {
        var body = """{"id":"WH-2WR32451HC0233532-67976317FL4543714","event_type":"PAYMENT.SALE.COMPLETED","resource":{"amount":{"total":"20.00"}}}"""u8.ToArray();
        using var request = Post("/webhooks/paypal", body);
        var transmissionId = Guid.NewGuid().ToString();
        var time = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var signed = $"{transmissionId}|{time}|{PayPalWebhookId}|{System.IO.Hashing.Crc32.HashToUInt32(body).ToString(CultureInfo.InvariantCulture)}";
        request.Headers.Add("PAYPAL-TRANSMISSION-ID", transmissionId);
        request.Headers.Add("PAYPAL-TRANSMISSION-TIME", time);
        request.Headers.Add("PAYPAL-TRANSMISSION-SIG", Convert.ToBase64String(PayPal.Sign(Encoding.UTF8.GetBytes(signed), HashAlgorithmName.SHA256)));
        request.Headers.Add("PAYPAL-CERT-URL", PayPalCertificateUrl);
        request.Headers.Add("PAYPAL-AUTH-ALGO", "SHA256withRSA");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, Assert.Single(Upstream.Received).Body);
    }

    // --- Google Pub/Sub ---

    [Fact]
    public async Task Pubsub_push_without_a_token_is_missing_signature()
    {
        using var response = await Client.SendAsync(Post("/webhooks/pubsub", PubSubBody()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("missing_signature", await ProblemCodeAsync(response));
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Pubsub_push_with_googles_token_is_forwarded_once_its_jwks_is_fetched()
    {
        var body = PubSubBody();
        using var request = Post("/webhooks/pubsub", body);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GoogleToken(DateTimeOffset.UtcNow));

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, Assert.Single(Upstream.Received).Body);
        Assert.Equal(1, _keys.CountOf("/google/certs"));
    }

    // --- Plaid ---

    [Fact]
    public async Task Plaid_webhook_is_forwarded_once_its_key_is_fetched_with_the_client_credentials()
    {
        var body = Encoding.UTF8.GetBytes("{\n  \"item_id\": \"" + Guid.NewGuid().ToString("N") + "\",\n  \"webhook_code\": \"SYNC_UPDATES_AVAILABLE\",\n  \"webhook_type\": \"TRANSACTIONS\"\n}");
        using var request = Post("/webhooks/plaid", body);
        var claims = $$"""{"iat":{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}},"request_body_sha256":"{{Convert.ToHexStringLower(SHA256.HashData(body))}}"}""";
        request.Headers.Add("Plaid-Verification", Jws("""{"alg":"ES256","kid":"plaid-key","typ":"JWT"}""", claims, content => Plaid.SignData(content, HashAlgorithmName.SHA256)));

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, Assert.Single(Upstream.Received).Body);
        Assert.Equal(1, _keys.CountOf("/plaid/webhook_verification_key/get"));
    }

    // --- eBay ---

    [Fact]
    public async Task Ebay_challenge_code_is_answered_by_the_firewall_and_not_forwarded()
    {
        const string code = "71745723-d031-455c-bfa5-f90d11b4f20a";
        using var response = await Client.GetAsync("/webhooks/ebay?challenge_code=" + code);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code + EbayVerifyToken + EbayPublicUrl)));
        Assert.Equal($$"""{"challengeResponse":"{{expected}}"}""", await response.Content.ReadAsStringAsync());
        Assert.Empty(Upstream.Received);
        Assert.Equal(0, _keys.CountOf("/ebay/"));
    }

    [Fact]
    public async Task Ebay_notification_is_forwarded_once_its_key_is_fetched_with_an_application_token()
    {
        var notification = $$"""{"notificationId":"{{Guid.NewGuid()}}","eventDate":"2021-03-19T20:43:59.462Z","publishDate":"2021-03-19T20:43:59.679Z","publishAttemptCount":1,"data":{"username":"test_user","userId":"ma8vp1jySJC"}""";
        var body = Encoding.UTF8.GetBytes("""{"metadata":{"topic":"MARKETPLACE_ACCOUNT_DELETION","schemaVersion":"1.0","deprecated":false},"notification":""" + notification + "}}");
        using var request = Post("/webhooks/ebay", body);
        var signature = Ebay.SignData(body, HashAlgorithmName.SHA1, DSASignatureFormat.Rfc3279DerSequence);
        request.Headers.Add("X-EBAY-SIGNATURE", Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"alg":"ecdsa","kid":"ebay-key","signature":"{{Convert.ToBase64String(signature)}}","digest":"SHA1"}""")));

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, Assert.Single(Upstream.Received).Body);
        Assert.Equal(1, _keys.CountOf("/ebay/identity/v1/oauth2/token"));
        Assert.Equal(1, _keys.CountOf("/ebay/commerce/notification/v1/public_key/ebay-key"));
    }

    // --- Config ---

    [Fact]
    public async Task Key_endpoint_off_this_machine_is_refused_at_start()
    {
        var config = new FirewallConfig()
            .Route("plaid", "/webhooks/plaid", "plaid")
            .Policy("plaid", new { Provider = "plaid", ClientId = PlaidClientId, Secrets = new[] { PlaidSecret }, KeyEndpoint = "https://keys.example.com/webhook_verification_key/get" });

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => RunningFirewall.StartAsync(config.ToJson(Upstream.Address)));
        Assert.Contains("KeyEndpoint", refused.Message, StringComparison.Ordinal);
    }

    // --- How the providers' requests are made ---

    private static HttpRequestMessage Post(string path, byte[] body, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return request;
    }

    /// <summary>An SNS message signed as SNS signs: `name\nvalue\n` for the type's signed members in byte order, SHA256withRSA.</summary>
    private static byte[] SnsMessage(string type, string messageId, DateTimeOffset at, string topic = Topic, string? subscribeUrl = null, string? token = null)
    {
        var timestamp = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var message = type == "Notification" ? "order 7 shipped" : "You have chosen to subscribe to the topic " + topic;
        var fields = new JsonObject { ["Type"] = type, ["MessageId"] = messageId, ["TopicArn"] = topic, ["Message"] = message, ["Timestamp"] = timestamp };
        string signed;
        if (type == "Notification")
        {
            signed = $"Message\n{message}\nMessageId\n{messageId}\nTimestamp\n{timestamp}\nTopicArn\n{topic}\nType\n{type}\n";
        }
        else
        {
            fields["SubscribeURL"] = subscribeUrl;
            fields["Token"] = token;
            signed = $"Message\n{message}\nMessageId\n{messageId}\nSubscribeURL\n{subscribeUrl}\nTimestamp\n{timestamp}\nToken\n{token}\nTopicArn\n{topic}\nType\n{type}\n";
        }

        fields["SignatureVersion"] = "2";
        fields["Signature"] = Convert.ToBase64String(Sns.Sign(Encoding.UTF8.GetBytes(signed), HashAlgorithmName.SHA256));
        fields["SigningCertURL"] = SnsCertificateUrl;
        return Encoding.UTF8.GetBytes(fields.ToJsonString());
    }

    private static byte[] PubSubBody() => Encoding.UTF8.GetBytes($$"""{"message":{"data":"SGVsbG8=","messageId":"{{Random.Shared.NextInt64()}}","publishTime":"2026-12-01T12:00:00.000Z"},"subscription":"projects/orders-project/subscriptions/push"}""");

    /// <summary>A token shaped as Google's push token (RS256, kid, iss, aud, email, email_verified, an hour's lifetime).</summary>
    private static string GoogleToken(DateTimeOffset issuedAt)
    {
        var claims = $$"""{"aud":"{{PubSubAudience}}","email":"{{PubSubAccount}}","email_verified":true,"exp":{{issuedAt.ToUnixTimeSeconds() + 3600}},"iat":{{issuedAt.ToUnixTimeSeconds()}},"iss":"https://accounts.google.com","sub":"1"}""";
        return Jws("""{"alg":"RS256","kid":"google-key","typ":"JWT"}""", claims, content => Google.SignData(content, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private static string Jws(string header, string claims, Func<byte[], byte[]> sign)
    {
        var content = Base64Url(Encoding.UTF8.GetBytes(header)) + "." + Base64Url(Encoding.UTF8.GetBytes(claims));
        return content + "." + Base64Url(sign(Encoding.ASCII.GetBytes(content)));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>An RSA key pair with a self-signed certificate of the provider's subject, valid around now.</summary>
    private sealed class SigningKey(RSA key, string certificatePem)
    {
        public string CertificatePem { get; } = certificatePem;

        public static SigningKey Rsa(string subject)
        {
            var rsa = RSA.Create(2048);
            var request = new CertificateRequest($"CN={subject}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            return new SigningKey(rsa, certificate.ExportCertificatePem());
        }

        public byte[] Sign(byte[] content, HashAlgorithmName hash) => key.SignData(content, hash, RSASignaturePadding.Pkcs1);
    }

    /// <summary>
    /// The providers' key endpoints on a real Kestrel server on 127.0.0.1:0: Google's JWKS, Plaid's key API (for the
    /// policy's client credentials only) and eBay's token and public-key APIs (the key only with the token it issued).
    /// </summary>
    private sealed class KeyEndpoint : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _requests = new();

        private KeyEndpoint(WebApplication app) => _app = app;

        private Uri Root { get; set; } = null!;

        public static async Task<KeyEndpoint> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var endpoint = new KeyEndpoint(app);
            app.Run(endpoint.AnswerAsync);
            await app.StartAsync();
            endpoint.Root = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            return endpoint;
        }

        public string Url(string path) => new Uri(Root, path).ToString();

        public int CountOf(string pathPrefix) => _requests.Count(p => p.StartsWith(pathPrefix, StringComparison.Ordinal));

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        private async Task AnswerAsync(HttpContext context)
        {
            var path = context.Request.Path.Value ?? string.Empty;
            _requests.Enqueue(path);
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var (status, answer) = path switch
            {
                "/google/certs" => (200, GoogleJwks()),
                "/plaid/webhook_verification_key/get" when body.Contains($"\"client_id\":\"{PlaidClientId}\"", StringComparison.Ordinal) && body.Contains($"\"secret\":\"{PlaidSecret}\"", StringComparison.Ordinal) && body.Contains("\"key_id\":\"plaid-key\"", StringComparison.Ordinal) => (200, PlaidKey()),
                "/ebay/identity/v1/oauth2/token" when context.Request.Headers.Authorization == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(EbayClientId + ":" + EbaySecret)) => (200, """{"access_token":"e2e-application-token","expires_in":7200,"token_type":"Application Access Token"}"""),
                "/ebay/commerce/notification/v1/public_key/ebay-key" when context.Request.Headers.Authorization == "Bearer e2e-application-token" => (200, $$"""{"key":"-----BEGIN PUBLIC KEY-----{{Convert.ToBase64String(Ebay.ExportSubjectPublicKeyInfo())}}-----END PUBLIC KEY-----","algorithm":"ECDSA","digest":"SHA1"}"""),
                _ => (404, "{}"),
            };
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer);
        }

        private static string GoogleJwks()
        {
            var key = Google.ExportParameters(includePrivateParameters: false);
            return $$"""{"keys":[{"kty":"RSA","alg":"RS256","use":"sig","kid":"google-key","n":"{{Base64Url(key.Modulus!)}}","e":"{{Base64Url(key.Exponent!)}}"}]}""";
        }

        private static string PlaidKey()
        {
            var point = Plaid.ExportParameters(includePrivateParameters: false).Q;
            return $$"""{"key":{"alg":"ES256","created_at":1560466150,"crv":"P-256","expired_at":null,"kid":"plaid-key","kty":"EC","use":"sig","x":"{{Base64Url(point.X!)}}","y":"{{Base64Url(point.Y!)}}"},"request_id":"e2e"}""";
        }
    }
}
