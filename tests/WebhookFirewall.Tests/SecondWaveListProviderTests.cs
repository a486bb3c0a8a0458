using System.Globalization;
using System.Security.Cryptography;

namespace WebhookFirewall.Tests;

/// <summary>
/// Second-wave list and Standard Webhooks providers through the real firewall. Front's signed `sync` validation is
/// not answered by the firewall (the answer Front expects is the backend's to give): it is forwarded with its
/// challenge and the backend's answer goes back to Front. Buildkite's `ping` is an ordinary signed delivery in either
/// of its schemes. And the `sign` verb's output is accepted for every one of these providers.
/// </summary>
public sealed class SecondWaveListProviderTests : FirewallTestBase
{
    private const string FrontSecret = "front-app-signing-key";
    private const string BuildkiteToken = "309c9c842g8565adecpd7469x6005989";
    private const string ListSecret = "second-wave-list-secret";

    private static readonly string[] Providers =
        ["clerk", "resend", "openai", "replicate", "lithic", "polar", "tiktok", "orb", "recurly", "mux", "persona", "sanity", "workos", "webflow", "frameio", "front", "buildkite"];

    protected override FirewallConfig Configure(FirewallConfig config)
    {
        config
            .Route("front", "/webhooks/front", "front")
            .Route("buildkite", "/webhooks/buildkite", "buildkite")
            .Route("buildkite-token", "/webhooks/buildkite-token", "buildkite-token")
            .Policy("front", new { Provider = "front", Secrets = new[] { FrontSecret } })
            .Policy("buildkite", new { Provider = "buildkite", Secrets = new[] { BuildkiteToken }, Scheme = "Signature" })
            .Policy("buildkite-token", new { Provider = "buildkite", Secrets = new[] { BuildkiteToken }, Scheme = "Token" });
        foreach (var provider in Providers)
        {
            config
                .Route($"list-{provider}", $"/webhooks/list/{provider}", $"list-{provider}")
                .Policy($"list-{provider}", new { Provider = provider, Secrets = new[] { SecretFor(provider) } });
        }

        return config;
    }

    /// <summary>Standard Webhooks senders (but Polar) take `whsec_` + base64; the others the text as it is.</summary>
    private static string SecretFor(string provider) =>
        provider is "clerk" or "resend" or "openai" or "replicate" or "lithic"
            ? "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(ListSecret))
            : ListSecret;

    [Fact]
    public async Task Front_signed_sync_is_forwarded_with_its_challenge_and_the_backends_answer_goes_back()
    {
        Upstream.Respond = received => (200, $"{{\"challenge\":\"{received.Header("X-Front-Challenge")}\"}}");
        var body = """{"type":"sync","authorization":{"id":"cmp_abc"}}"""u8.ToArray();
        using var request = FrontRequest(body, FrontSecret);
        request.Headers.Add("X-Front-Challenge", "9b2f6f3a0c5d4e71");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"challenge":"9b2f6f3a0c5d4e71"}""", await response.Content.ReadAsStringAsync());
        var received = Assert.Single(Upstream.Received);
        Assert.Equal(body, received.Body);
        Assert.Equal("9b2f6f3a0c5d4e71", received.Header("X-Front-Challenge"));
        Assert.Equal("verified", received.Header("X-Webhook-Verification"));
    }

    [Fact]
    public async Task Front_sync_signed_with_another_key_is_401_and_never_reaches_the_backend()
    {
        using var request = FrontRequest("""{"type":"sync","authorization":{"id":"cmp_abc"}}"""u8.ToArray(), "not-the-app-key");
        request.Headers.Add("X-Front-Challenge", "9b2f6f3a0c5d4e71");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_signature", await ProblemCodeAsync(response));
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task Buildkite_ping_is_forwarded_as_a_signed_delivery_in_either_scheme()
    {
        var body = Encoding.UTF8.GetBytes($$$"""{"event":"ping","service":{"id":"{{{Guid.NewGuid()}}}","provider":"webhook"}}""");
        var timestamp = Sign.Now().ToString(CultureInfo.InvariantCulture);
        using var signed = Post("/webhooks/buildkite", body);
        signed.Headers.Add("X-Buildkite-Event", "ping");
        signed.Headers.Add("X-Buildkite-Signature", $"timestamp={timestamp},signature={HmacHex(BuildkiteToken, Encoding.UTF8.GetBytes(timestamp + "."), body)}");
        using var token = Post("/webhooks/buildkite-token", body);
        token.Headers.Add("X-Buildkite-Event", "ping");
        token.Headers.Add("X-Buildkite-Token", BuildkiteToken);

        using var signedResponse = await Client.SendAsync(signed);
        using var tokenResponse = await Client.SendAsync(token);

        Assert.Equal(HttpStatusCode.OK, signedResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        Assert.Equal(2, Upstream.Received.Count);
        Assert.All(Upstream.Received, received => Assert.Equal(body, received.Body));
    }

    [Fact]
    public async Task Buildkite_token_sent_to_the_signature_policy_is_401_missing_signature()
    {
        using var request = Post("/webhooks/buildkite", """{"event":"ping"}"""u8.ToArray());
        request.Headers.Add("X-Buildkite-Token", BuildkiteToken);

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("missing_signature", await ProblemCodeAsync(response));
        Assert.Empty(Upstream.Received);
    }

    public static TheoryData<string> ProviderNames() => [.. Providers];

    [Theory]
    [MemberData(nameof(ProviderNames))]
    public async Task Sign_verb_output_is_accepted_and_forwarded_byte_for_byte(string provider)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"id":"evt_{{Guid.NewGuid():N}}","type":"test.event"}""");
        using var request = Post($"/webhooks/list/{provider}", body);

        await SignVerb.SignAsync(request, body, Firewall.Directory, "--provider", provider, "--secret", SecretFor(provider));

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Upstream.Received);
        Assert.Equal(body, received.Body);
        Assert.Equal("verified", received.Header("X-Webhook-Verification"));
    }

    private static HttpRequestMessage FrontRequest(byte[] body, string key)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var request = Post("/webhooks/front", body);
        request.Headers.Add("X-Front-Request-Timestamp", timestamp);
        request.Headers.Add("X-Front-Signature", Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), (byte[])[.. Encoding.UTF8.GetBytes(timestamp + ":"), .. body])));
        return request;
    }

    private static HttpRequestMessage Post(string path, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return request;
    }

    private static string HmacHex(string secret, byte[] prefix, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), (byte[])[.. prefix, .. body]));
}
