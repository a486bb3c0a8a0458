using WebhookFirewall.Idempotency;

namespace WebhookFirewall.Benchmarks;

/// <summary>
/// `memory-per-entry`: the managed heap the memory store holds per completed delivery, measured by filling a store
/// with realistic keys (policy + a GUID delivery id, as GitHub sends) and comparing the heap after full collections.
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
        // The keys were allocated before the first reading: in the firewall each key string is made per request and
        // then held by the store, so it is added here (object header and length, UTF-16 characters, 8-byte aligned).
        var keyBytes = keys.Average(k => (22 + (2 * k.Length) + 7) / 8 * 8);
        var overhead = (after - before) / (double)entries;
        Console.WriteLine($"entries: {store.Count:N0}");
        Console.WriteLine($"store overhead: {overhead:F0} bytes per entry; key string: {keyBytes:F0} bytes; total: {overhead + keyBytes:F0} bytes per completed delivery");
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
