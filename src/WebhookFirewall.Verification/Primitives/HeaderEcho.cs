namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// Sender text echoed into a response header (Asana's secret, the CloudEvents origin): visible ASCII only, bounded,
/// so that the echo can neither break the response nor be refused by the server while writing it.
/// </summary>
internal static class HeaderEcho
{
    public static bool IsSafe(string value, int maxLength)
    {
        if (value.Length == 0 || value.Length > maxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
