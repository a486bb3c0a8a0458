namespace WebhookFirewall.Verification.Tests.Support;

/// <summary>
/// Values that are not a header's one bare MAC, for the many providers that send just that: the other encoding, a
/// prefix the provider does not write, a MAC of the wrong length, junk and nothing.
/// </summary>
public static class MalformedMacs
{
    public static IEnumerable<string> Base64(int macBytes = 32) =>
    [
        Convert.ToHexStringLower(new byte[macBytes]),
        "sha256=" + Convert.ToBase64String(new byte[macBytes]),
        Convert.ToBase64String(new byte[macBytes - 12]),
        "!!!",
        "",
    ];

    public static IEnumerable<string> Hex(int macBytes = 32) =>
    [
        "sha256=" + Convert.ToHexStringLower(new byte[macBytes]),
        Convert.ToBase64String(new byte[macBytes]),
        new string('a', (macBytes * 2) - 1),
        new string('z', macBytes * 2),
        "",
    ];
}
