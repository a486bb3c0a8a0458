namespace WebhookFirewall.Ledger;

/// <summary>
/// Where the ledger asks for a spooled delivery's current state (entries are immutable: the state is joined in when
/// one is read). The spool provides it; until then nothing is spooled and <see cref="NoSpool"/> answers.
/// </summary>
internal interface ISpoolStateLookup
{
    ValueTask<SpoolState?> FindAsync(string spoolId, CancellationToken cancellationToken);
}
