using WebhookFirewall.Hosting;
using WebhookFirewall.Model;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Commands;

/// <summary>
/// `sign --provider NAME --secret S --body-file F [--url U]`: prints the headers the provider would send, one
/// `Header: value` per line, ready for `curl -H`. Signed exactly as the firewall verifies, for every provider.
/// </summary>
internal static class SignCommand
{
    private const string Usage = """
        usage: sign --provider NAME --secret SECRET --body-file FILE|- [--url URL] [--method POST] [--delivery-id ID] [--timestamp UNIX_SECONDS]
               generic-hmac and token also take: --header H [--algorithm sha256] [--encoding hex] [--prefix P] [--timestamp-header H] [--signed-content TEMPLATE] [--key-header H]
               discord and discord-events take as --secret the hex 32-byte Ed25519 private key (seed), sendgrid the base64 PKCS#8 ECDSA P-256 private key
               okta takes [--header H] (default Authorization); azure-event-grid --header H (a QueryParameter token goes into the URL: nothing to sign)
        """;

    public static int Run(string[] args)
    {
        var provider = CommandLine.Option(args, "--provider");
        var secret = CommandLine.Option(args, "--secret");
        var bodyFile = CommandLine.Option(args, "--body-file");
        if (provider is null || secret is null || bodyFile is null)
        {
            Console.Error.WriteLine(Usage);
            return ExitCodes.InvalidConfiguration;
        }

        if (!ProviderCatalogue.TryGet(provider, out var info))
        {
            Console.Error.WriteLine($"'{provider}' is not a known provider (known: {string.Join(", ", ProviderCatalogue.All.Select(d => d.Name))})");
            return ExitCodes.InvalidConfiguration;
        }

        var body = bodyFile == "-" ? ReadStandardInput() : File.ReadAllBytes(bodyFile);
        var url = CommandLine.Option(args, "--url");
        var settings = new ProviderSettings
        {
            PublicUrl = url,
            // Handshake-only settings do not take part in signing deliveries.
            VerifyToken = info.Requires.HasFlag(ProviderSetting.VerifyToken) ? "unused-for-signing" : null,
            PublicKey = CommandLine.Option(args, "--public-key"),
            Header = CommandLine.Option(args, "--header"),
            Algorithm = CommandLine.Option(args, "--algorithm"),
            Encoding = CommandLine.Option(args, "--encoding"),
            Prefix = CommandLine.Option(args, "--prefix"),
            TimestampHeader = CommandLine.Option(args, "--timestamp-header"),
            SignedContent = CommandLine.Option(args, "--signed-content"),
            KeyHeader = CommandLine.Option(args, "--key-header"),
        };

        var problems = new List<SettingProblem>();
        var signer = ProviderCatalogue.CreateSigner(provider, secret, settings, problems);
        if (signer is null)
        {
            foreach (var problem in problems)
            {
                Console.Error.WriteLine($"{problem.Key}: {problem.Message}");
            }

            return ExitCodes.InvalidConfiguration;
        }

        var timestamp = CommandLine.Option(args, "--timestamp") is { } seconds
            ? DateTimeOffset.FromUnixTimeSeconds(long.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture))
            : DateTimeOffset.UtcNow;
        var input = new SigningInput(body, timestamp, CommandLine.Option(args, "--delivery-id") ?? Guid.NewGuid().ToString(), CommandLine.Option(args, "--method") ?? "POST", url);
        var headers = new List<KeyValuePair<string, string>>();
        signer.Sign(input, headers);
        foreach (var (name, value) in headers)
        {
            Console.WriteLine($"{name}: {value}");
        }

        return ExitCodes.Ok;
    }

    private static byte[] ReadStandardInput()
    {
        using var input = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        return buffer.ToArray();
    }
}
