using System.Collections.Concurrent;

namespace WebhookFirewall.Ledger;

/// <summary>
/// One shared string per header name: entries keep thousands of copies of the same dozen names (Kestrel makes a new
/// string for every name it does not know). Bounded, since names are sender data; past the bound a name is kept as is.
/// </summary>
internal sealed class HeaderNamePool
{
    private const int MaxNames = 1024;

    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);
    private int _count;

    public string Intern(string name)
    {
        if (_names.TryGetValue(name, out var pooled))
        {
            return pooled;
        }

        if (Volatile.Read(ref _count) >= MaxNames || !_names.TryAdd(name, name))
        {
            return name;
        }

        Interlocked.Increment(ref _count);
        return name;
    }
}
