using WebhookFirewall.Verification;

namespace WebhookFirewall.Verification.Tests.Support;

/// <summary>
/// Dictionary-backed request headers, case-insensitive like HTTP. Adding a name twice gives it several values, which
/// the library must see as <see cref="HeaderValue.Multiple"/> (the ambiguity an attacker would exploit).
/// </summary>
public sealed class TestHeaders : IWebhookHeaders
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.OrdinalIgnoreCase);

    public TestHeaders Add(string name, string value)
    {
        if (!_values.TryGetValue(name, out var values))
        {
            _values[name] = values = [];
        }

        values.Add(value);
        return this;
    }

    public TestHeaders Set(string name, string value)
    {
        _values[name] = [value];
        return this;
    }

    public TestHeaders Remove(string name)
    {
        _values.Remove(name);
        return this;
    }

    public IEnumerable<string> Names => _values.Keys;

    public HeaderValue Get(string name) =>
        !_values.TryGetValue(name, out var values) || values.Count == 0 ? HeaderValue.Missing
        : values.Count == 1 ? HeaderValue.Single(values[0])
        : HeaderValue.Multiple;

    public TestHeaders Clone()
    {
        var copy = new TestHeaders();
        foreach (var (name, values) in _values)
        {
            copy._values[name] = [.. values];
        }

        return copy;
    }
}
