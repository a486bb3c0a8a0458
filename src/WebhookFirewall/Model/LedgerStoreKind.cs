namespace WebhookFirewall.Model;

/// <summary>`WebhookFirewall:Ledger:Store`.</summary>
internal enum LedgerStoreKind
{
    Memory,
    Redis,
    None,
}
