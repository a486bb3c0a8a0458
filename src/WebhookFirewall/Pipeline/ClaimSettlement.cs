namespace WebhookFirewall.Pipeline;

/// <summary>
/// A claimed delivery's settlement, begun as soon as the upstream's status line arrives (the response transform)
/// rather than once its body has been copied to the sender: a slow reader of a large 2xx answer must not outlive the
/// lease and get the delivery forwarded again. When no answer came (a refused connection, a timeout), the claim is
/// released once the forwarder is done.
/// </summary>
internal sealed class ClaimSettlement(Func<int?, Task> settle)
{
    private Task? _settling;

    /// <summary>The upstream answered <paramref name="status"/>: a 2xx settles the claim, anything else releases it.</summary>
    public void Begin(int status) => _settling ??= settle(status);

    /// <summary>Waits for the settlement, releasing the claim first if no upstream answer ever began it.</summary>
    public Task FinishAsync() => _settling ??= settle(null);
}
