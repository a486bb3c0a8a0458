using System.Text;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Verification.Tests.Support;

/// <summary>Builds a <see cref="WebhookRequest"/> step by step; each test starts from a valid one and breaks one thing.</summary>
public sealed class Request
{
    /// <summary>A fixed clock (2023-11-14T22:13:20Z) so that no test depends on when it runs.</summary>
    public static readonly DateTimeOffset DefaultNow = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private Request(string method, byte[] body)
    {
        Method = method;
        Body = body;
    }

    public string Method { get; private set; }

    public TestHeaders Headers { get; private set; } = new();

    public byte[] Body { get; private set; }

    public DateTimeOffset Now { get; private set; } = DefaultNow;

    public string QueryString { get; private set; } = string.Empty;

    /// <summary>The raw path as received (for schemes that sign it); "/" unless a test sets one.</summary>
    public string Path { get; private set; } = "/";

    public static Request Post(string body) => new("POST", Encoding.UTF8.GetBytes(body));

    public static Request Post(byte[] body) => new("POST", body);

    public static Request Get(string queryString = "") => new("GET", []) { QueryString = queryString };

    public static Request Head() => new("HEAD", []);

    /// <summary>Adds a value; adding the same name again makes the header repeated.</summary>
    public Request Header(string name, string value)
    {
        Headers.Add(name, value);
        return this;
    }

    public Request ReplaceHeader(string name, string value)
    {
        Headers.Set(name, value);
        return this;
    }

    public Request WithoutHeader(string name)
    {
        Headers.Remove(name);
        return this;
    }

    public Request WithBody(string body) => WithBody(Encoding.UTF8.GetBytes(body));

    public Request WithBody(byte[] body)
    {
        Body = body;
        return this;
    }

    public Request At(DateTimeOffset now)
    {
        Now = now;
        return this;
    }

    public Request WithMethod(string method)
    {
        Method = method;
        return this;
    }

    public Request WithQuery(string queryString)
    {
        QueryString = queryString;
        return this;
    }

    public Request WithPath(string path)
    {
        Path = path;
        return this;
    }

    public Request Clone() => new(Method, [.. Body]) { Headers = Headers.Clone(), Now = Now, QueryString = QueryString, Path = Path };

    public WebhookRequest Build() => new(Method, Headers, Body, Now, QueryString, Path);

    public VerificationResult VerifyWith(IWebhookVerifier verifier) => verifier.Verify(Build());

    /// <summary>The asynchronous path: the one that may fetch a provider's key.</summary>
    public async Task<VerificationResult> VerifyAsyncWith(IWebhookVerifier verifier) => await verifier.VerifyAsync(Build(), CancellationToken.None);
}
