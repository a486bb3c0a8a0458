namespace WebhookFirewall.Pipeline;

/// <summary>
/// The status the upstream itself answered, recorded by the response transform. Settling follows it, not the
/// status the client finally saw: a 2xx whose copy to the client then failed was still processed by the upstream,
/// and releasing its claim would let the provider's retry through a second time.
/// </summary>
internal sealed class UpstreamStatus
{
    private static readonly UpstreamStatus[] Shared = Enumerable.Range(0, 600).Select(code => new UpstreamStatus(code)).ToArray();

    private UpstreamStatus(int code) => Code = code;

    public int Code { get; }

    public bool IsSuccess => Code is >= 200 and < 300;

    /// <summary>One shared instance per status code: recording it allocates nothing.</summary>
    public static UpstreamStatus Of(int code) => code is >= 0 and < 600 ? Shared[code] : new UpstreamStatus(code);
}
