namespace WebhookFirewall.Benchmarks;

/// <summary>
/// `ledger-per-entry`: the managed heap the memory ledger holds per entry, measured by filling a store with entries of
/// realistic GitHub deliveries and comparing the heap after full collections. The requests' own strings (delivery id,
/// path, header values Kestrel made) no longer count: the ring keeps each entry as its JSON, not the objects.
/// </summary>
internal static class LedgerFootprint
{
    public static void Run(int entries)
    {
        var requests = new LedgerRequests(entries);
        var body = new byte[1024];
        var before = HeapAfterCollection();
        for (var i = 0; i < entries; i++)
        {
            var (http, webhook) = requests.Delivery(body, Guid.NewGuid().ToString());
            requests.Recorder.Record(http, webhook);
        }

        var after = HeapAfterCollection();
        Console.WriteLine($"entries: {requests.Store.Count:N0}");
        Console.WriteLine($"{(after - before) / (double)entries:F0} bytes per ledger entry (a GitHub delivery: 9 headers, a GUID delivery id; the entry's JSON in its slot buffer; plus the slot's 28 bytes of index, allocated at start-up)");
    }

    private static long HeapAfterCollection()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
