namespace WebhookFirewall.Ledger;

/// <summary>Where ledger entries are kept: this instance's memory, or one Redis stream shared by every replica.</summary>
internal interface ILedgerStore
{
    /// <summary>`memory` or `redis`, for metrics and readiness.</summary>
    string Name { get; }

    /// <summary>Keeps <paramref name="entry"/>, or drops and counts it. Called on the request's path: never blocks or throws.</summary>
    void Append(LedgerEntry entry);

    /// <summary>Entries matching <paramref name="query"/>, newest first, at most its limit.</summary>
    ValueTask<IReadOnlyList<LedgerEntry>> QueryAsync(LedgerQuery query, CancellationToken cancellationToken);

    ValueTask<LedgerEntry?> FindAsync(LedgerId id, CancellationToken cancellationToken);

    /// <summary>Every entry written from now on (by any replica sharing the store), until cancelled.</summary>
    IAsyncEnumerable<LedgerEntry> FollowAsync(CancellationToken cancellationToken);
}
