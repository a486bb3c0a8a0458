using System.Text;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;
using WebhookFirewall.Model;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Tests;

/// <summary>
/// The forward signature is Standard Webhooks under the firewall's header names: an independent implementation (the
/// StandardWebhooks package, given those names) must accept it, with every configured secret, and refuse it for any
/// change to the id, the timestamp or the body.
/// </summary>
public sealed class ForwardSignerTests
{
    // The Standard Webhooks specification's own example key (standard-webhooks/standard-webhooks, spec/standard-webhooks.md).
    private const string Key = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string NextKey = "whsec_bmV4dC1rZXktMDEyMzQ1Njc4OWFiY2RlZg==";

    private static readonly WebhookConfigurationOptions FirewallHeaders = new()
    {
        IdHeaderKey = MarkHeaders.Id,
        TimestampHeaderKey = MarkHeaders.Timestamp,
        SignatureHeaderKey = MarkHeaders.Signature,
    };

    [Fact]
    public void Every_configured_secret_signs_and_an_independent_implementation_verifies_each()
    {
        var signer = Create(Key, NextKey);
        var body = """{"action":"opened","number":7,"text":"héllo"}""";
        var headers = Sign(signer, "github:72d3162e-cc78-11e3-81ab-4c9367dc0958", body);

        var entries = headers[MarkHeaders.Signature].ToString().Split(' ');
        Assert.Equal(2, entries.Length);
        new StandardWebhook(Key, FirewallHeaders).Verify(body, headers);
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook("whsec_" + Convert.ToBase64String("another key"u8), FirewallHeaders).Verify(body, headers));

        // The package compares the last entry of a list as the whole header (its loop falls back to the full value
        // once no space is left), so each key is also checked against its own entry alone.
        string[] keys = [Key, NextKey];
        for (var i = 0; i < keys.Length; i++)
        {
            headers[MarkHeaders.Signature] = entries[i];
            new StandardWebhook(keys[i], FirewallHeaders).Verify(body, headers);
        }
    }

    [Fact]
    public void Changing_the_body_the_id_or_the_timestamp_is_refused()
    {
        var signer = Create(Key);
        const string body = """{"id":"evt_1"}""";
        var verifier = new StandardWebhook(Key, FirewallHeaders);

        var headers = Sign(signer, "stripe:evt_1", body);
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify(body + " ", headers));

        headers = Sign(signer, "stripe:evt_1", body);
        headers[MarkHeaders.Id] = "other-route:evt_1";
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify(body, headers));

        headers = Sign(signer, "stripe:evt_1", body);
        headers[MarkHeaders.Timestamp] = (long.Parse(headers[MarkHeaders.Timestamp]!, System.Globalization.CultureInfo.InvariantCulture) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify(body, headers));
    }

    [Theory]
    [InlineData("whsec_ ", "Secrets:0")]
    [InlineData("whsec_", "Secrets:0")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n", "Secrets:0")]
    [InlineData(" whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "Secrets:0")]
    [InlineData("not base64 at all", "Secrets:0")]
    public void Unusable_secrets_are_refused(string secret, string key)
    {
        var problems = new List<SettingProblem>();
        Assert.Null(ForwardSigner.Create([secret], problems));
        Assert.Contains(problems, p => p.Key == key);
    }

    [Fact]
    public void At_least_one_secret_is_needed()
    {
        var problems = new List<SettingProblem>();
        Assert.Null(ForwardSigner.Create([], problems));
        Assert.NotEmpty(problems);
    }

    private static ForwardSigner Create(params string[] secrets)
    {
        var problems = new List<SettingProblem>();
        var signer = ForwardSigner.Create(secrets, problems);
        Assert.Empty(problems);
        return signer!;
    }

    private static HeaderDictionary Sign(ForwardSigner signer, string id, string body)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        signer.AddTo(pairs, id, DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes(body));
        var headers = new HeaderDictionary();
        foreach (var (name, value) in pairs)
        {
            headers[name] = value;
        }

        return headers;
    }
}
