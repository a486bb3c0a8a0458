namespace WebhookFirewall.Ledger;

/// <summary>
/// Entries the ledger could not keep, by why: the write queue was full, or the store refused them. Plain counters the
/// metrics read when scraped (`webhook_ledger_dropped_total`), so dropping costs the request one increment.
/// </summary>
internal sealed class LedgerDrops
{
    private long _queueFull;
    private long _storeFailed;

    public long QueueFull => Interlocked.Read(ref _queueFull);

    public long StoreFailed => Interlocked.Read(ref _storeFailed);

    public void CountQueueFull() => Interlocked.Increment(ref _queueFull);

    public void CountStoreFailed(int entries) => Interlocked.Add(ref _storeFailed, entries);
}
