namespace WebhookFirewall.Ledger;

/// <summary>One key's current second: how many entries it wrote, and the newest one held back with the count of the rest.</summary>
internal sealed class FloodWindow
{
    public long StartedAt { get; set; }

    public int Written { get; set; }

    public LedgerEntry? Pending { get; set; }

    /// <summary>Entries held back this window (the pending one included).</summary>
    public int Held { get; set; }

    /// <summary>The held-back entry, carrying the count of the others, and the window emptied; null when nothing was held.</summary>
    public LedgerEntry? TakePending()
    {
        var pending = Pending;
        var held = Held;
        Pending = null;
        Held = 0;
        return pending?.WithRepeats(pending.Repeats + held - 1);
    }
}
