using WebhookFirewall.Ledger;

namespace WebhookFirewall.Spool;

/// <summary>
/// The spool's answer to the delivery ledger: the state of a spooled delivery, joined into its ledger entry when the
/// entry is read (entries are immutable). Null when the spool holds no such entry (delivered and expired, discarded,
/// or no store is open).
/// </summary>
internal sealed class SpoolStateLookup(SpoolStores stores) : ISpoolStateLookup
{
    public async ValueTask<SpoolState?> FindAsync(string spoolId, CancellationToken cancellationToken)
    {
        if (stores.Store is not { } store || !LedgerId.TryParse(spoolId, out _))
        {
            return null;
        }

        try
        {
            return await store.FindAsync(spoolId, cancellationToken) is { } entry
                ? new SpoolState(entry.State.ToLabel(), entry.Attempts, entry.NextAttemptAt, entry.LastStatus, entry.LastError)
                : null;
        }
        catch (SpoolStoreUnavailableException)
        {
            return null;
        }
    }
}
