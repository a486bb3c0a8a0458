namespace WebhookFirewall.Spool;

internal static class SpoolEntryStates
{
    /// <summary>The contract's word (API, metrics, ledger).</summary>
    public static string ToLabel(this SpoolEntryState state) => state switch
    {
        SpoolEntryState.Pending => "pending",
        SpoolEntryState.Dead => "dead",
        SpoolEntryState.Delivered => "delivered",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static bool TryParse(string? text, out SpoolEntryState state)
    {
        foreach (var candidate in Enum.GetValues<SpoolEntryState>())
        {
            if (string.Equals(candidate.ToLabel(), text, StringComparison.OrdinalIgnoreCase))
            {
                state = candidate;
                return true;
            }
        }

        state = default;
        return false;
    }
}
