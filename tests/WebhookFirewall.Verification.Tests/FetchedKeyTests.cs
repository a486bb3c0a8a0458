using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests;

/// <summary>
/// The key-material fetcher and cache, through a provider that fetches certificates by URL (AWS SNS) and the fetcher
/// itself: https only, no redirect followed, a timeout, a size cap, one fetch per URL however many wait, failures
/// remembered briefly, a budget of new URLs per provider per minute, and no key in use evicted by unknown URLs.
/// </summary>
public sealed class FetchedKeyTests
{
    private const string Topic = "arn:aws:sns:us-east-1:123456789012:orders";
    private const string Subject = "sns.amazonaws.com";

    /// <summary>One key pair behind every URL here: what differs between the cases is the URL, not the key.</summary>
    private const string Key = "the fetched certificate";

    private static string Certificate => TestCertificates.Pem(Key, Subject);

    private static readonly DateTimeOffset Now = Request.DefaultNow;

    [Fact]
    public async Task Redirect_is_never_followed()
    {
        var (server, verifier, _) = Setup();
        var url = CertificateUrl("redirected");
        server.Serve(url, _ =>
        {
            var moved = new HttpResponseMessage(HttpStatusCode.Found);
            moved.Headers.Location = new Uri(CertificateUrl("elsewhere"));
            return Task.FromResult(moved);
        });
        server.Serve(CertificateUrl("elsewhere"), Certificate);

        var result = await Notification("redirected").VerifyAsyncWith(verifier);
        Expect.Failed(FailureCode.KeyUnavailable, result);
        Assert.Contains("redirect (302), which is never followed", result.Reason, StringComparison.Ordinal);
        Assert.Equal([url], server.Received.Select(r => r.Url));
    }

    [Fact]
    public async Task Answer_over_the_size_cap_is_refused_with_or_without_a_length()
    {
        var (server, verifier, _) = Setup();
        var oversized = new string('A', 64 * 1024 + 1);
        server.Serve(CertificateUrl("declared"), oversized);
        server.Serve(CertificateUrl("streamed"), _ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new UnsizedContent(Encoding.ASCII.GetBytes(oversized)) }));

        foreach (var name in new[] { "declared", "streamed" })
        {
            var result = await Notification(name).VerifyAsyncWith(verifier);
            Expect.Failed(FailureCode.KeyUnavailable, result);
            Assert.Contains("more than 65536 bytes", result.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Slow_answer_times_out()
    {
        var (server, verifier, _) = Setup(KeyFetchLimits.Default with { Timeout = TimeSpan.FromMilliseconds(200) });
        server.Serve(CertificateUrl("slow"), async request =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30));
            return KeyServer.Answer(HttpStatusCode.OK, Certificate);
        });

        var result = await Notification("slow").VerifyAsyncWith(verifier);
        Expect.Failed(FailureCode.KeyUnavailable, result);
        Assert.Contains("did not answer within 0.2 s", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetcher_refuses_plain_http_except_on_a_loopback_key_endpoint()
    {
        var server = new KeyServer().Serve("http://keys.example.com/key", "{}").Serve("http://127.0.0.1:9/key", "{}").Serve("https://keys.example.com/key", "{}");
        using var fetcher = new KeyFetcher(KeyFetchLimits.Default, server);

        Assert.NotNull((await fetcher.FetchAsync(new KeyRequest(new Uri("https://keys.example.com/key"), "the key"), default)).Body);
        Assert.NotNull((await fetcher.FetchAsync(new KeyRequest(new Uri("http://127.0.0.1:9/key"), "the key", AllowPlainHttp: true), default)).Body);
        Assert.Null((await fetcher.FetchAsync(new KeyRequest(new Uri("http://127.0.0.1:9/key"), "the key"), default)).Body);
        Assert.Null((await fetcher.FetchAsync(new KeyRequest(new Uri("http://keys.example.com/key"), "the key", AllowPlainHttp: true), default)).Body);
        Assert.Null((await fetcher.FetchAsync(new KeyRequest(new Uri("https://user@keys.example.com/key"), "the key"), default)).Body);
        Assert.Equal(2, server.Received.Count);
    }

    [Fact]
    public async Task Requests_waiting_for_one_url_share_one_fetch()
    {
        var (server, verifier, _) = Setup();
        server.Serve(CertificateUrl("shared"), Certificate);
        server.Gate = new TaskCompletionSource();
        var waiting = Enumerable.Range(0, 16).Select(_ => Notification("shared").VerifyAsyncWith(verifier)).ToArray();
        server.Gate.SetResult();

        foreach (var result in await Task.WhenAll(waiting))
        {
            Expect.Verified(result);
        }

        Assert.Single(server.Received);
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_fetch_for_the_others()
    {
        var (server, verifier, _) = Setup();
        server.Serve(CertificateUrl("patient"), Certificate);
        server.Gate = new TaskCompletionSource();
        using var impatient = new CancellationTokenSource();
        var first = verifier.VerifyAsync(Notification("patient").Build(), impatient.Token).AsTask();
        var second = Notification("patient").VerifyAsyncWith(verifier);
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        server.Gate.SetResult();
        Expect.Verified(await second);
        Assert.Single(server.Received);
    }

    [Fact]
    public async Task Failure_is_remembered_briefly_then_tried_again()
    {
        var (server, verifier, clock) = Setup();
        var url = CertificateUrl("late");
        Expect.Failed(FailureCode.KeyUnavailable, await Notification("late").VerifyAsyncWith(verifier));
        server.Serve(url, Certificate);

        // The 404 stands for its half minute, however many requests name the URL.
        Expect.Failed(FailureCode.KeyUnavailable, await Notification("late").VerifyAsyncWith(verifier));
        Expect.Failed(FailureCode.KeyUnavailable, Notification("late").VerifyWith(verifier));
        Assert.Single(server.Received);

        clock.Advance(TimeSpan.FromSeconds(31));
        Expect.Verified(await Notification("late").VerifyAsyncWith(verifier));
        Assert.Equal(2, server.CountFor(url));
    }

    [Fact]
    public async Task New_urls_cost_each_provider_a_budget_a_minute()
    {
        var (server, verifier, clock) = Setup(KeyFetchLimits.Default with { NewUrlsPerMinute = 3 });
        foreach (var name in new[] { "one", "two", "three", "four" })
        {
            server.Serve(CertificateUrl(name), Certificate);
        }

        Expect.Verified(await Notification("one").VerifyAsyncWith(verifier));
        Expect.Verified(await Notification("two").VerifyAsyncWith(verifier));
        Expect.Verified(await Notification("three").VerifyAsyncWith(verifier));
        var refused = await Notification("four").VerifyAsyncWith(verifier);
        Expect.Failed(FailureCode.KeyUnavailable, refused);
        Assert.Contains("3 new key URLs in the last minute", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(3, server.Received.Count);

        // Keys already held cost nothing; another provider has a budget of its own; a minute later, so has this one.
        Expect.Verified(await Notification("one").VerifyAsyncWith(verifier));
        clock.Advance(TimeSpan.FromMinutes(1));
        Expect.Verified(await Notification("four").VerifyAsyncWith(verifier));
        Assert.Equal(4, server.Received.Count);
    }

    [Fact]
    public async Task Budget_is_per_provider()
    {
        var server = new KeyServer();
        var environment = new ProviderEnvironment(server, new ManualClock(Now), KeyFetchLimits.Default with { NewUrlsPerMinute = 1 }, offline: false);
        var sns = Create("aws-sns", new ProviderSettings { TopicArns = [Topic] }, environment);
        var paypal = Create("paypal", new ProviderSettings { WebhookId = "WH" }, environment);
        Expect.Failed(FailureCode.KeyUnavailable, await Notification("a").VerifyAsyncWith(sns));
        Assert.Contains("fetched 1 new key URLs", (await Notification("b").VerifyAsyncWith(sns)).Reason, StringComparison.Ordinal);

        var paypalRequest = Request.Post("{}").Header("PAYPAL-TRANSMISSION-ID", "t").Header("PAYPAL-TRANSMISSION-TIME", "2023-11-14T22:13:20Z")
            .Header("PAYPAL-TRANSMISSION-SIG", Convert.ToBase64String(new byte[256])).Header("PAYPAL-CERT-URL", "https://api.paypal.com/v1/notifications/certs/CERT-1").Header("PAYPAL-AUTH-ALGO", "SHA256withRSA");
        Expect.Failed(FailureCode.KeyUnavailable, await paypalRequest.VerifyAsyncWith(paypal));
        Assert.Equal(["https://sns.us-east-1.amazonaws.com/", "https://api.paypal.com/"], server.Received.Select(r => r.Url[..(r.Url.IndexOf('/', 8) + 1)]));
    }

    [Fact]
    public async Task Key_in_use_is_never_evicted_by_unknown_urls()
    {
        var (server, verifier, clock) = Setup(KeyFetchLimits.Default with { Capacity = 3 });
        server.Serve(CertificateUrl("in use"), Certificate);
        Expect.Verified(await Notification("in use").VerifyAsyncWith(verifier));

        // A stream of unknown URLs (all 404) takes the other places, and each other's.
        for (var i = 0; i < 10; i++)
        {
            Expect.Failed(FailureCode.KeyUnavailable, await Notification($"unknown {i}").VerifyAsyncWith(verifier));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Expect.Verified(Notification("in use").VerifyWith(verifier));
        Assert.Equal(1, server.CountFor(CertificateUrl("in use")));
    }

    [Fact]
    public async Task Cache_full_of_keys_in_use_refuses_a_new_url_rather_than_drop_one()
    {
        var (server, verifier, _) = Setup(KeyFetchLimits.Default with { Capacity = 2 });
        foreach (var name in new[] { "first", "second", "third" })
        {
            server.Serve(CertificateUrl(name), Certificate);
        }

        Expect.Verified(await Notification("first").VerifyAsyncWith(verifier));
        Expect.Verified(await Notification("second").VerifyAsyncWith(verifier));
        var refused = await Notification("third").VerifyAsyncWith(verifier);
        Expect.Failed(FailureCode.KeyUnavailable, refused);
        Assert.Contains("rather than drop a key in use", refused.Reason, StringComparison.Ordinal);
        Expect.Verified(Notification("first").VerifyWith(verifier));
        Expect.Verified(Notification("second").VerifyWith(verifier));
    }

    [Fact]
    public async Task Key_unused_for_a_day_gives_way()
    {
        var (server, verifier, clock) = Setup(KeyFetchLimits.Default with { Capacity = 1 });
        server.Serve(CertificateUrl("old"), Certificate);
        server.Serve(CertificateUrl("new"), Certificate);
        Expect.Verified(await Notification("old").VerifyAsyncWith(verifier));
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        Expect.Verified(await Notification("new", clock.GetUtcNow()).VerifyAsyncWith(verifier));
    }

    [Fact]
    public async Task Answer_that_is_not_a_certificate_is_key_unavailable()
    {
        var (server, verifier, _) = Setup();
        server.Serve(CertificateUrl("garbage"), "<html>not a certificate</html>", contentType: "text/html");
        var result = await Notification("garbage").VerifyAsyncWith(verifier);
        Expect.Failed(FailureCode.KeyUnavailable, result);
        Assert.Contains("did not answer a certificate", result.Reason, StringComparison.Ordinal);
    }

    private static (KeyServer Server, IWebhookVerifier Verifier, ManualClock Clock) Setup(KeyFetchLimits? limits = null)
    {
        var server = new KeyServer();
        var clock = new ManualClock(Now);
        var environment = new ProviderEnvironment(server, clock, limits ?? KeyFetchLimits.Default, offline: false);
        return (server, Create("aws-sns", new ProviderSettings { TopicArns = [Topic] }, environment), clock);
    }

    private static IWebhookVerifier Create(string provider, ProviderSettings settings, ProviderEnvironment environment)
    {
        var problems = new List<SettingProblem>();
        var verifier = ProviderCatalogue.Create(provider, settings, problems, environment);
        Assert.Empty(problems);
        return verifier!;
    }

    private static string CertificateUrl(string name) =>
        $"https://sns.us-east-1.amazonaws.com/SimpleNotificationService-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16))}.pem";

    /// <summary>A notification signed by the named certificate, naming its URL (the string to sign as in AwsSnsTests).</summary>
    private static Request Notification(string name, DateTimeOffset? at = null)
    {
        var timestamp = (at ?? Now).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var fields = new JsonObject
        {
            ["Type"] = "Notification",
            ["MessageId"] = "m-1",
            ["TopicArn"] = Topic,
            ["Message"] = "hello",
            ["Timestamp"] = timestamp,
            ["SignatureVersion"] = "2",
            ["SigningCertURL"] = CertificateUrl(name),
        };
        var signed = $"Message\nhello\nMessageId\nm-1\nTimestamp\n{timestamp}\nTopicArn\n{Topic}\nType\nNotification\n";
        fields["Signature"] = Convert.ToBase64String(TestCertificates.SignRsa(Key, Subject, Encoding.UTF8.GetBytes(signed), HashAlgorithmName.SHA256));
        return Request.Post(fields.ToJsonString()).At(at ?? Now);
    }

    /// <summary>A body sent without Content-Length (chunked): the cap must hold while reading.</summary>
    private sealed class UnsizedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new NonSeekableStream(bytes));

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
