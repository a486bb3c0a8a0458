using System.Text.RegularExpressions;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// An SNS topic ARN (`arn:aws:sns:us-east-2:123456789012:name`) and what follows from it: the one host its
/// certificates and confirmations may come from, `sns.{region}.amazonaws.com` (`.com.cn` in the China partition).
/// </summary>
internal sealed partial class SnsTopic
{
    private const string CertificatePrefix = "/SimpleNotificationService-";

    private SnsTopic(string arn, string host)
    {
        Arn = arn;
        Host = host;
    }

    public string Arn { get; }

    /// <summary>The topic's SNS endpoint host, e.g. `sns.us-east-2.amazonaws.com`.</summary>
    public string Host { get; }

    public static SnsTopic? TryParse(string? arn)
    {
        var match = arn is null ? Match.Empty : ArnPattern().Match(arn);
        if (!match.Success)
        {
            return null;
        }

        var suffix = match.Groups["partition"].Value == "aws-cn" ? ".amazonaws.com.cn" : ".amazonaws.com";
        return new SnsTopic(arn!, "sns." + match.Groups["region"].Value + suffix);
    }

    /// <summary>
    /// Whether <paramref name="url"/> is, character for character, `https://{Host}/SimpleNotificationService-{32 hex}.pem`:
    /// no port, user info, query, fragment or dot segment that a URL parser might resolve differently.
    /// </summary>
    public bool IsCertificateUrl(string? url) =>
        url is not null
        && url.StartsWith("https://" + Host + CertificatePrefix, StringComparison.Ordinal)
        && CertificatePath().IsMatch(url.AsSpan(("https://" + Host).Length));

    /// <summary>Whether <paramref name="url"/> is an SNS certificate URL of any region (for pins, checked without a topic).</summary>
    public static bool IsAnyCertificateUrl(string? url) => url is not null && AnyCertificateUrl().IsMatch(url);

    [GeneratedRegex(@"\Aarn:(?<partition>aws|aws-cn|aws-us-gov):sns:(?<region>[a-z]{2}(-[a-z]+)+-[0-9]{1,2}):[0-9]{12}:[A-Za-z0-9_.-]{1,256}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ArnPattern();

    [GeneratedRegex(@"\A/SimpleNotificationService-[0-9a-f]{32}\.pem\z", RegexOptions.CultureInvariant)]
    private static partial Regex CertificatePath();

    [GeneratedRegex(@"\Ahttps://sns\.[a-z]{2}(-[a-z]+)+-[0-9]{1,2}\.amazonaws\.com(\.cn)?/SimpleNotificationService-[0-9a-f]{32}\.pem\z", RegexOptions.CultureInvariant)]
    private static partial Regex AnyCertificateUrl();
}
