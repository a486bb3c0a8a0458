using WebhookFirewall.Idempotency;

namespace WebhookFirewall.Benchmarks;

/// <summary>
/// `memory-per-entry`: the managed heap the memory store holds per completed delivery, measured by filling a store
/// with realistic keys (policy + a GUID delivery id, as GitHub sends) and comparing the heap after full collections.
/// The store keeps a digest of each key, not the key: the strings are garbage once a request is done.
/// </summary>
internal static class MemoryStoreFootprint
{
    public static void Run(int entries)
    {
        var keys = Enumerable.Range(0, entries).Select(_ => "github:" + Guid.NewGuid().ToString()).ToArray();
        var before = HeapAfterCollection();
        using var store = new MemoryIdempotencyStore(TimeProvider.System, entries + 1, TimeSpan.FromHours(1));
        foreach (var key in keys)
        {
            var claim = store.TryClaimAsync(key, TimeSpan.FromSeconds(150), CancellationToken.None).AsTask().GetAwaiter().GetResult();
            store.SettleAsync(claim.Claim!, 200, TimeSpan.FromDays(1), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        var after = HeapAfterCollection();
        Console.WriteLine($"entries: {store.Count:N0}");
        Console.WriteLine($"{(after - before) / (double)entries:F0} bytes per completed delivery (tables pre-sized for the bound, so this is the whole store)");
        GC.KeepAlive(keys);
    }

    private static long HeapAfterCollection()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
