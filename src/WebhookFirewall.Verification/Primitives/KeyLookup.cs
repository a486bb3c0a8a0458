namespace WebhookFirewall.Verification.Primitives;

/// <summary>What asking for key material gave: the parsed material, or why there is none (safe to show).</summary>
internal readonly struct KeyLookup
{
    private KeyLookup(object? value, string? failure, TimeSpan lifetime)
    {
        Value = value;
        Failure = failure;
        Lifetime = lifetime;
    }

    public object? Value { get; }

    /// <summary>Why the material is unavailable; null when <see cref="Value"/> is set.</summary>
    public string? Failure { get; }

    /// <summary>How long a fetched value may be cached.</summary>
    public TimeSpan Lifetime { get; }

    public bool Found => Value is not null;

    public static KeyLookup Of(object value, TimeSpan lifetime) => new(value, null, lifetime);

    public static KeyLookup Unavailable(string reason) => new(null, reason, TimeSpan.Zero);
}
