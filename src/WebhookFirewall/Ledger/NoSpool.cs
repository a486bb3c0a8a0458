namespace WebhookFirewall.Ledger;

/// <summary>The lookup while no spool is configured: nothing is ever spooled.</summary>
internal sealed class NoSpool : ISpoolStateLookup
{
    public ValueTask<SpoolState?> FindAsync(string spoolId, CancellationToken cancellationToken) => ValueTask.FromResult<SpoolState?>(null);
}
