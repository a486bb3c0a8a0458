namespace WebhookFirewall.Spool;

/// <summary>The spool's side of <see cref="ISpoolLookup"/>: the open store, or nothing while none is open.</summary>
internal sealed class SpoolLookup(SpoolStores stores) : ISpoolLookup
{
    public async Task<SpoolEntryInfo?> FindAsync(string spoolId, CancellationToken cancellationToken)
    {
        if (stores.Store is not { } store || !SpoolId.IsWellFormed(spoolId))
        {
            return null;
        }

        try
        {
            return await store.FindAsync(spoolId, cancellationToken);
        }
        catch (SpoolStoreUnavailableException)
        {
            return null;
        }
    }
}
