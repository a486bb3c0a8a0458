using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WebhookFirewall.Tests;

/// <summary>What `sign` prints is what the running firewall accepts, header for header.</summary>
public sealed class SignVerbTests : FirewallTestBase
{
    private const string Topic = "arn:aws:sns:eu-west-1:123456789012:orders";
    private const string SnsCertificateUrl = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-00112233445566778899aabbccddeeff.pem";

    private static readonly RSA SnsKey = RSA.Create(2048);

    private readonly TempDirectory _files = new();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _files.Dispose();
    }

    protected override FirewallConfig Configure(FirewallConfig config) => config
        .Route("sns", "/webhooks/sns", "sns")
        .Policy("sns", new { Provider = "aws-sns", TopicArns = new[] { Topic }, SigningCertificates = new[] { new { Url = SnsCertificateUrl, File = _files.Write("sns.pem", SnsCertificatePem()) } } });

    [Theory]
    [InlineData("github", GitHubSecret, "/webhooks/github")]
    [InlineData("slack", SlackSecret, "/webhooks/slack")]
    [InlineData("stripe", StripeSecret, "/webhooks/stripe")]
    [InlineData("standard-webhooks", StandardKey, "/webhooks/standard")]
    [InlineData("meta", MetaSecret, "/webhooks/meta")]
    public async Task Signed_output_is_accepted_by_the_running_firewall(string provider, string secret, string path)
    {
        var body = Encoding.UTF8.GetBytes($"{{\"id\":\"evt_{Guid.NewGuid():N}\",\"text\":\"héllo\\r\\n\"}}");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };

        await SignVerb.SignAsync(request, body, Firewall.Directory, "--provider", provider, "--secret", secret);

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, Assert.Single(Upstream.Received).Body);
    }

    [Fact]
    public async Task A_policy_named_in_the_config_signs_with_its_own_provider_and_first_secret()
    {
        var body = UniqueBody();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };

        await SignVerb.SignAsync(request, body, Firewall.Directory, "--config", Firewall.ConfigPath, "--policy", "github");

        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, Assert.Single(Upstream.Received).Body);
    }

    /// <summary>SNS signs inside the message: the verb writes the signed message to --body-out, and that is what verifies.</summary>
    [Fact]
    public async Task Aws_sns_message_written_by_the_verb_for_a_policy_is_accepted()
    {
        var bodyFile = _files.Write("message.json", Encoding.UTF8.GetBytes("""{"Message":"order 42 shipped","Subject":"orders"}"""));
        var bodyOut = Path.Combine(_files.Path, "signed.json");
        var key = _files.Write("sns.key", Encoding.ASCII.GetBytes(SnsKey.ExportPkcs8PrivateKeyPem()));

        var (exitCode, stdout, stderr) = await FirewallProcess.RunAsync(
            ["sign", "--config", Firewall.ConfigPath, "--policy", "sns", "--secret", await File.ReadAllTextAsync(key), "--body-file", bodyFile, "--body-out", bodyOut]);

        Assert.True(exitCode == 0, stderr);
        var signed = await File.ReadAllBytesAsync(bodyOut);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/sns") { Content = new ByteArrayContent(signed) };
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (!request.Headers.TryAddWithoutValidation(line[..colon], line[(colon + 1)..].Trim()))
            {
                request.Content.Headers.TryAddWithoutValidation(line[..colon], line[(colon + 1)..].Trim());
            }
        }

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Upstream.Received);
        Assert.Equal(signed, received.Body);
        Assert.Contains("order 42 shipped", Encoding.UTF8.GetString(received.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_that_signs_inside_the_body_is_refused_without_somewhere_to_write_it()
    {
        var bodyFile = _files.Write("message.json", Encoding.UTF8.GetBytes("""{"Message":"m"}"""));

        var (exitCode, _, stderr) = await FirewallProcess.RunAsync(
            ["sign", "--config", Firewall.ConfigPath, "--policy", "sns", "--secret", SnsKey.ExportPkcs8PrivateKeyPem(), "--body-file", bodyFile]);

        Assert.Equal(2, exitCode);
        Assert.Contains("--body-out", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_policy_the_config_does_not_hold_is_refused()
    {
        var (exitCode, _, stderr) = await FirewallProcess.RunAsync(["sign", "--config", Firewall.ConfigPath, "--policy", "nope", "--body-file", "-"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("no policy 'nope'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_provider_is_refused_with_the_known_names()
    {
        var (exitCode, _, stderr) = await FirewallProcess.RunAsync(["sign", "--provider", "nope", "--secret", "s", "--body-file", "-"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("github", stderr, StringComparison.Ordinal);
    }

    private static byte[] SnsCertificatePem()
    {
        var request = new CertificateRequest("CN=sns.amazonaws.com", SnsKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return Encoding.ASCII.GetBytes(certificate.ExportCertificatePem());
    }
}
