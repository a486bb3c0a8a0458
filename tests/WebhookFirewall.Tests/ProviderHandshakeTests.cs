using System.Globalization;
using System.Security.Cryptography;
using NSec.Cryptography;

namespace WebhookFirewall.Tests;

/// <summary>
/// The handshakes of the key-signed and handshaking providers, through the real firewall: each answer exactly as the
/// provider expects it, and the upstream never contacted. Plus one verified delivery forwarded for each provider that
/// signs with a private key, and the `sign` verb's output for them accepted.
/// </summary>
public sealed class ProviderHandshakeTests : FirewallTestBase
{
    private const string ZoomSecret = "zoom-webhook-secret-token";
    private const string TwitchSecret = "twitch-eventsub-secret";
    private const string OktaSecret = "okta-authorization-secret";
    private const string DropboxSecret = "dropbox-app-secret";
    private const string EventGridSecret = "event-grid-delivery-secret";
    private const string AsanaSecret = "asana-hook-secret-from-the-creation-response";

    /// <summary>Discord's application key pair: a fixed seed, hex, as the `sign` verb takes it.</summary>
    private static readonly string DiscordSeed = Convert.ToHexStringLower(SHA256.HashData("discord application"u8));

    /// <summary>A SendGrid-style key pair of our own: base64 PKCS#8 private key, base64 SPKI public key.</summary>
    private static readonly (string PrivateKey, string PublicKey) SendGridKeys = NewSendGridKeys();

    protected override FirewallConfig Configure(FirewallConfig config) => config
        .Route("zoom", "/webhooks/zoom", "zoom")
        .Route("twitch", "/webhooks/twitch", "twitch")
        .Route("discord", "/webhooks/discord", "discord")
        .Route("discord-events", "/webhooks/discord-events", "discord-events")
        .Route("okta", "/webhooks/okta", "okta")
        .Route("dropbox", "/webhooks/dropbox", "dropbox")
        .Route("eventgrid", "/webhooks/eventgrid", "eventgrid")
        .Route("eventgrid-url", "/webhooks/eventgrid-url", "eventgrid-url")
        .Route("asana", "/webhooks/asana", "asana")
        .Route("sendgrid", "/webhooks/sendgrid", "sendgrid")
        .Policy("zoom", new { Provider = "zoom", Secrets = new[] { ZoomSecret } })
        .Policy("twitch", new { Provider = "twitch", Secrets = new[] { TwitchSecret } })
        .Policy("discord", new { Provider = "discord", PublicKey = DiscordPublicKey() })
        .Policy("discord-events", new { Provider = "discord-events", PublicKey = DiscordPublicKey() })
        .Policy("okta", new { Provider = "okta", Secrets = new[] { OktaSecret } })
        .Policy("dropbox", new { Provider = "dropbox", Secrets = new[] { DropboxSecret } })
        .Policy("eventgrid", new { Provider = "azure-event-grid", Secrets = new[] { EventGridSecret }, Header = "X-Event-Grid-Secret" })
        .Policy("eventgrid-url", new { Provider = "azure-event-grid", Secrets = new[] { EventGridSecret }, QueryParameter = "code" })
        .Policy("asana", new { Provider = "asana", Secrets = new[] { AsanaSecret } })
        .Policy("sendgrid", new { Provider = "sendgrid", PublicKey = SendGridKeys.PublicKey });

    [Fact]
    public async Task Zoom_url_validation_is_answered_with_the_token_and_its_hmac()
    {
        var body = """{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1654503849680,"event":"endpoint.url_validation"}"""u8.ToArray();
        var timestamp = Sign.Now().ToString(CultureInfo.InvariantCulture);
        using var request = Post("/webhooks/zoom", body);
        request.Headers.Add("x-zm-request-timestamp", timestamp);
        request.Headers.Add("x-zm-signature", "v0=" + HmacHex(ZoomSecret, [.. Encoding.UTF8.GetBytes($"v0:{timestamp}:"), .. body]));

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var expected = $$"""{"plainToken":"qgg8vlvZRS6UYooatFL8Aw","encryptedToken":"{{HmacHex(ZoomSecret, "qgg8vlvZRS6UYooatFL8Aw"u8.ToArray())}}"}""";
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Twitch_callback_verification_is_answered_with_the_raw_challenge()
    {
        var body = """{"challenge":"pogchamp-kappa-360noscope-vohiyo","subscription":{"id":"f1c2a387-161a-49f9-a165-0f21d7a4e1c4","status":"webhook_callback_verification_pending","type":"channel.follow"}}"""u8.ToArray();
        const string id = "e76c6bd4-55c9-4987-8304-da1588d8988b";
        var timestamp = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "42Z";
        using var request = Post("/webhooks/twitch", body);
        request.Headers.Add("Twitch-Eventsub-Message-Id", id);
        request.Headers.Add("Twitch-Eventsub-Message-Timestamp", timestamp);
        request.Headers.Add("Twitch-Eventsub-Message-Type", "webhook_callback_verification");
        request.Headers.Add("Twitch-Eventsub-Message-Signature", "sha256=" + HmacHex(TwitchSecret, [.. Encoding.UTF8.GetBytes(id + timestamp), .. body]));

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("pogchamp-kappa-360noscope-vohiyo", await response.Content.ReadAsStringAsync());
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Discord_interactions_ping_is_answered_type_1()
    {
        using var request = DiscordRequest("/webhooks/discord", """{"id":"787053080478613555","token":"ThisIsATokenFromDiscordThatIsVeryLong","type":1,"version":1}"""u8.ToArray());

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"type":1}""", await response.Content.ReadAsStringAsync());
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Discord_events_ping_is_answered_204()
    {
        using var request = DiscordRequest("/webhooks/discord-events", """{"version":1,"application_id":"1234560123453231555","type":0}"""u8.ToArray());

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Empty(Upstream.Received);
    }

    /// <summary>Discord tests an endpoint with deliberately wrong signatures before it trusts it.</summary>
    [Fact]
    public async Task Discord_ping_with_an_invalid_signature_is_401()
    {
        var body = """{"id":"787053080478613555","token":"ThisIsATokenFromDiscordThatIsVeryLong","type":1,"version":1}"""u8.ToArray();
        using var request = DiscordRequest("/webhooks/discord", body, seedHex: Convert.ToHexStringLower(SHA256.HashData("not the application"u8)));

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_signature", await ProblemCodeAsync(response));
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Discord_command_is_forwarded_byte_for_byte()
    {
        var body = """{"id":"787053080478613556","token":"ThisIsATokenFromDiscordThatIsVeryLong","type":2,"version":1,"data":{"id":"787053080478613554","name":"test"}}"""u8.ToArray();
        using var request = DiscordRequest("/webhooks/discord", body);

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Upstream.Received);
        Assert.Equal(body, received.Body);
        Assert.Equal("verified", received.Header("X-Webhook-Verification"));
        Assert.NotNull(received.Header("X-Signature-Ed25519"));
    }

    [Fact]
    public async Task Sendgrid_events_are_forwarded_byte_for_byte()
    {
        var body = Encoding.UTF8.GetBytes("[{\"email\":\"hello@world.com\",\"event\":\"dropped\",\"sg_event_id\":\"ev-" + Guid.NewGuid().ToString("N") + "\",\"timestamp\":1600112492}]\r\n");
        var timestamp = Sign.Now().ToString(CultureInfo.InvariantCulture);
        using var request = Post("/webhooks/sendgrid", body);
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Timestamp", timestamp);
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Signature", SendGridSignature(timestamp, body));

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Upstream.Received);
        Assert.Equal(body, received.Body);
        Assert.Equal("verified", received.Header("X-Webhook-Verification"));
    }

    [Fact]
    public async Task Okta_verification_get_with_the_secret_is_answered()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/webhooks/okta");
        request.Headers.TryAddWithoutValidation("Authorization", OktaSecret);
        request.Headers.Add("X-Okta-Verification-Challenge", "Me_rShK8JHsTnbyYrWXCEoMGbM_zsZ6k0hLPZ_Pg");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"verification":"Me_rShK8JHsTnbyYrWXCEoMGbM_zsZ6k0hLPZ_Pg"}""", await response.Content.ReadAsStringAsync());
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Okta_verification_get_without_the_secret_is_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/webhooks/okta");
        request.Headers.Add("X-Okta-Verification-Challenge", "Me_rShK8JHsTnbyYrWXCEoMGbM_zsZ6k0hLPZ_Pg");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("missing_signature", await ProblemCodeAsync(response));
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Dropbox_challenge_get_is_echoed_as_plain_text_with_nosniff()
    {
        using var response = await Client.GetAsync("/webhooks/dropbox?challenge=the_challenge");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("the_challenge", await response.Content.ReadAsStringAsync());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Event_grid_subscription_validation_is_answered_with_the_code()
    {
        var body = """[{"id":"2d1781af-3a4c-4d7c-bd0c-e34b19da4e66","topic":"/subscriptions/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx","subject":"","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"},"eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2018-01-25T22:12:19.4556811Z","metadataVersion":"1","dataVersion":"1"}]"""u8.ToArray();
        using var request = Post("/webhooks/eventgrid", body);
        request.Headers.Add("aeg-event-type", "SubscriptionValidation");
        request.Headers.Add("X-Event-Grid-Secret", EventGridSecret);

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"validationResponse":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"}""", await response.Content.ReadAsStringAsync());
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Event_grid_cloudevents_options_is_answered_with_the_allowed_origin_and_rate()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/webhooks/eventgrid-url?code=" + EventGridSecret);
        request.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");
        request.Headers.Add("WebHook-Request-Rate", "120");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("eventgrid.azure.net", response.Headers.GetValues("WebHook-Allowed-Origin").Single());
        Assert.Equal("120", response.Headers.GetValues("WebHook-Allowed-Rate").Single());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Event_grid_options_without_the_secret_gets_no_consent()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/webhooks/eventgrid-url");
        request.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("WebHook-Allowed-Origin"));
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Asana_handshake_is_answered_by_echoing_the_secret()
    {
        using var request = Post("/webhooks/asana", []);
        request.Headers.Add("X-Hook-Secret", "b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81", response.Headers.GetValues("X-Hook-Secret").Single());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Asana_events_are_verified_with_the_configured_secret_not_the_handshakes()
    {
        var body = """{"events":[{"action":"changed","resource":{"gid":"1","resource_type":"task"}}]}"""u8.ToArray();
        using (var forged = Post("/webhooks/asana", body))
        {
            forged.Headers.Add("X-Hook-Signature", HmacHex("b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81", body));
            using var refused = await Client.SendAsync(forged);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var request = Post("/webhooks/asana", body);
        request.Headers.Add("X-Hook-Signature", HmacHex(AsanaSecret, body));
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, Assert.Single(Upstream.Received).Body);
    }

    [Theory]
    [InlineData("discord", "/webhooks/discord")]
    [InlineData("sendgrid", "/webhooks/sendgrid")]
    public async Task Sign_verb_output_with_a_private_key_is_accepted(string provider, string path)
    {
        var body = Encoding.UTF8.GetBytes($"[{{\"id\":\"{Guid.NewGuid():N}\",\"sg_event_id\":\"{Guid.NewGuid():N}\",\"type\":2}}]");
        var privateKey = provider == "discord" ? DiscordSeed : SendGridKeys.PrivateKey;
        using var request = Post(path, body);

        await SignVerb.SignAsync(request, body, Firewall.Directory, "--provider", provider, "--secret", privateKey);

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, Assert.Single(Upstream.Received).Body);
    }

    private static HttpRequestMessage Post(string path, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return request;
    }

    /// <summary>As Discord sends it: hex Ed25519 of the timestamp followed by the body (signed here with NSec).</summary>
    private static HttpRequestMessage DiscordRequest(string path, byte[] body, string? seedHex = null)
    {
        var timestamp = Sign.Now().ToString(CultureInfo.InvariantCulture);
        using var key = Key.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(seedHex ?? DiscordSeed), KeyBlobFormat.RawPrivateKey);
        var signature = SignatureAlgorithm.Ed25519.Sign(key, [.. Encoding.UTF8.GetBytes(timestamp), .. body]);
        var request = Post(path, body);
        request.Headers.Add("X-Signature-Timestamp", timestamp);
        request.Headers.Add("X-Signature-Ed25519", Convert.ToHexStringLower(signature));
        return request;
    }

    private static string DiscordPublicKey()
    {
        using var key = Key.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(DiscordSeed), KeyBlobFormat.RawPrivateKey);
        return Convert.ToHexStringLower(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    private static (string PrivateKey, string PublicKey) NewSendGridKeys()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (Convert.ToBase64String(ecdsa.ExportPkcs8PrivateKey()), Convert.ToBase64String(ecdsa.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>As SendGrid signs: base64 DER ECDSA P-256 SHA-256 of the timestamp followed by the body.</summary>
    private static string SendGridSignature(string timestamp, byte[] body)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(Convert.FromBase64String(SendGridKeys.PrivateKey), out _);
        return Convert.ToBase64String(ecdsa.SignData([.. Encoding.UTF8.GetBytes(timestamp), .. body], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    private static string HmacHex(string secret, byte[] content) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), content));
}
