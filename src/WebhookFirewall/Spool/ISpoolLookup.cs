namespace WebhookFirewall.Spool;

/// <summary>
/// What the delivery ledger asks of the spool when it shows an entry carrying a `spoolId` (ledger entries are
/// immutable: the spool's state is joined in when one is read). Null when the spool holds no such entry (delivered
/// and expired, or discarded).
/// </summary>
internal interface ISpoolLookup
{
    Task<SpoolEntryInfo?> FindAsync(string spoolId, CancellationToken cancellationToken);
}
