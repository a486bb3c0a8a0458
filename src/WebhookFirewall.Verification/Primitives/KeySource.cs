namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// One provider's view of its environment's key cache: cached material for synchronous verification, fetched
/// material for asynchronous verification, nothing fetched when the environment is offline.
/// </summary>
internal sealed class KeySource(ProviderEnvironment environment, string provider)
{
    public bool IsOffline => environment.IsOffline;

    /// <summary>Held material only; the reason says what a fetch would have been for.</summary>
    public KeyLookup Cached(string key, string description) =>
        environment.Keys.Peek(key) ?? KeyLookup.Unavailable(environment.IsOffline
            ? $"offline: {description} is neither pinned nor cached, and nothing is fetched"
            : $"{description} is not cached yet: it is fetched only when the request is verified asynchronously");

    /// <summary>
    /// Held material, or material fetched by <paramref name="fetch"/> once for every caller waiting meanwhile. The
    /// fetch runs on its own timeout: a caller that gives up does not cancel it for the others.
    /// </summary>
    public async ValueTask<KeyLookup> GetAsync(string key, string description, Func<KeySource, Task<KeyLookup>> fetch, bool refresh, CancellationToken cancellationToken)
    {
        if (environment.IsOffline)
        {
            return Cached(key, description);
        }

        return await environment.Keys.GetAsync(key, provider, () => fetch(this), refresh).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fetches <paramref name="request"/> and reads the answer with <paramref name="read"/>.</summary>
    public async Task<KeyLookup> FetchAsync(KeyRequest request, Func<byte[], KeyLookup> read)
    {
        var fetched = await environment.Fetcher!.FetchAsync(request, CancellationToken.None).ConfigureAwait(false);
        return fetched.Body is { } body ? read(body) : KeyLookup.Unavailable(fetched.Failure!);
    }

    public void MarkVerified(string key) => environment.Keys.MarkVerified(key);
}
