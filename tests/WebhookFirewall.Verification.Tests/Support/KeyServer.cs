using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace WebhookFirewall.Verification.Tests.Support;

/// <summary>
/// A provider's key endpoint played in memory, as the fetcher's <see cref="HttpMessageHandler"/> seam: answers by
/// URL, counts every request, and can hold answers back (to see that concurrent requests share one fetch).
/// </summary>
public sealed class KeyServer : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, Func<HttpRequestMessage, Task<HttpResponseMessage>>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<HttpRequestMessage, Task<HttpResponseMessage>>> _prefixes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Received> _received = new();

    public IReadOnlyList<Received> Received => _received.ToArray();

    /// <summary>When set, every answer waits for it.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public int CountFor(string url) => _received.Count(r => r.Url == url);

    public KeyServer Serve(string url, string body, HttpStatusCode status = HttpStatusCode.OK, string contentType = "application/json") =>
        Serve(url, _ => Task.FromResult(Answer(status, body, contentType)));

    public KeyServer Serve(string url, Func<HttpRequestMessage, Task<HttpResponseMessage>> answer)
    {
        _routes[url] = answer;
        return this;
    }

    /// <summary>Every URL that starts with <paramref name="prefix"/> (a key API with the key id in its path).</summary>
    public KeyServer ServePrefix(string prefix, Func<HttpRequestMessage, Task<HttpResponseMessage>> answer)
    {
        _prefixes[prefix] = answer;
        return this;
    }

    public static HttpResponseMessage Answer(HttpStatusCode status, string body, string contentType = "application/json") =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, contentType) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!.ToString();
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        _received.Enqueue(new Received(request.Method.Method, url, request.Headers.Authorization?.ToString(), body));
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        // Answers observe the fetcher's cancellation, as a real connection does when the fetcher's timeout fires.
        if (_routes.TryGetValue(url, out var answer))
        {
            return await answer(request).WaitAsync(cancellationToken);
        }

        var prefix = _prefixes.Keys.Where(p => url.StartsWith(p, StringComparison.Ordinal)).MaxBy(p => p.Length);
        return prefix is null ? Answer(HttpStatusCode.NotFound, "{}") : await _prefixes[prefix](request).WaitAsync(cancellationToken);
    }
}

public sealed record Received(string Method, string Url, string? Authorization, string? Body);
