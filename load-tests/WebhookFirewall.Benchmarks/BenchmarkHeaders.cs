using WebhookFirewall.Verification;

namespace WebhookFirewall.Benchmarks;

/// <summary>Single-valued, case-insensitive headers: lookups cost about what ASP.NET Core's header dictionary does.</summary>
internal sealed class BenchmarkHeaders(Dictionary<string, string> values) : IWebhookHeaders
{
    private readonly Dictionary<string, string> _values = new(values, StringComparer.OrdinalIgnoreCase);

    public HeaderValue Get(string name) => _values.TryGetValue(name, out var value) ? HeaderValue.Single(value) : HeaderValue.Missing;
}
