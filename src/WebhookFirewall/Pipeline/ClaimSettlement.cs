namespace WebhookFirewall.Pipeline;

/// <summary>
/// A claimed delivery's settlement, begun as soon as the upstream's status line arrives (the response transform)
/// rather than once its body has been copied to the sender: a slow reader of a large 2xx answer must not outlive the
/// lease and get the delivery forwarded again. When no answer came (a refused connection, a timeout), the claim is
/// released once the forwarder is done — unless the delivery was spooled, which settles it as done with 202.
/// </summary>
/// <param name="settle">Settles (a 2xx, or spooled) or releases the claim: the status, or null when none came, and whether it was spooled.</param>
/// <param name="spool">The spool a failed forward may go to; null unless the policy spools.</param>
/// <param name="claimKey">The claim's stored key, which a spooled entry keeps to release the record when it is discarded.</param>
internal sealed class ClaimSettlement(Func<int?, bool, Task> settle, IDeliverySpool? spool = null, string claimKey = "")
{
    private Task? _settling;

    public IDeliverySpool? Spool => spool;

    public string ClaimKey => claimKey;

    /// <summary>Whether an answer (or a spooling) already decided the claim.</summary>
    public bool Begun => _settling is not null;

    /// <summary>The upstream answered <paramref name="status"/>: a 2xx settles the claim, anything else releases it.</summary>
    public void Begin(int status) => _settling ??= settle(status, false);

    /// <summary>The delivery is in the spool: the claim is settled as done with 202, duplicates from now on.</summary>
    public void Spooled() => _settling ??= settle(StatusCodes.Status202Accepted, true);

    /// <summary>Waits for the settlement, releasing the claim first if no upstream answer ever began it.</summary>
    public Task FinishAsync() => _settling ??= settle(null, false);
}
