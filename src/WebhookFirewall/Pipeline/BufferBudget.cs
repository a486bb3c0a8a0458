namespace WebhookFirewall.Pipeline;

/// <summary>
/// The bytes of request bodies being buffered by all requests together (`WebhookFirewall:Limits:MaxBufferedBytes`):
/// every body is read whole before it is verified, so without a ceiling many slow senders could pin the memory of the
/// process before a single signature is checked. A request that would pass it is answered 503 server_busy.
/// </summary>
internal sealed class BufferBudget(long maxBytes)
{
    private long _buffered;

    public long MaxBytes { get; } = maxBytes;

    /// <summary>The bytes buffered right now.</summary>
    public long Buffered => Interlocked.Read(ref _buffered);

    /// <summary>Takes <paramref name="bytes"/> from the budget; false (and nothing taken) when that would pass it.</summary>
    public bool TryTake(long bytes)
    {
        if (Interlocked.Add(ref _buffered, bytes) <= MaxBytes)
        {
            return true;
        }

        Interlocked.Add(ref _buffered, -bytes);
        return false;
    }

    public void Give(long bytes) => Interlocked.Add(ref _buffered, -bytes);
}
