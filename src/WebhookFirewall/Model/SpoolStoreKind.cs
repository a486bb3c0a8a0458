namespace WebhookFirewall.Model;

internal enum SpoolStoreKind
{
    /// <summary>One file beside the instance (embedded SQLite): the default for a single instance.</summary>
    Sqlite,

    /// <summary>Shared by several replicas through `ConnectionStrings:Redis`.</summary>
    Redis,
}
