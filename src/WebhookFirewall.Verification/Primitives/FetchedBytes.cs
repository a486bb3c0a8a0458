namespace WebhookFirewall.Verification.Primitives;

/// <summary>The body of a successful fetch, or why the fetch failed (a sentence naming the URL safely).</summary>
internal readonly struct FetchedBytes
{
    private FetchedBytes(byte[]? body, string? failure)
    {
        Body = body;
        Failure = failure;
    }

    public byte[]? Body { get; }

    public string? Failure { get; }

    public static FetchedBytes Of(byte[] body) => new(body, null);

    public static FetchedBytes Failed(string reason) => new(null, reason);
}
