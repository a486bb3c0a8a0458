using WebhookFirewall.Configuration;
using WebhookFirewall.Hosting;
using WebhookFirewall.Model;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Commands;

/// <summary>
/// `sign --provider NAME --secret S --body-file F [--url U]`, or `sign --config FILE --policy NAME --secret S
/// --body-file F`: prints the headers the provider would send, one `Header: value` per line, ready for `curl -H`.
/// Signed exactly as the firewall verifies, for every provider. With `--policy` every setting the policy holds
/// (topic ARNs, pinned certificate URLs, webhook id, audience ...) is taken from the config, so what is signed is
/// what that policy accepts; options given on the command line override it.
/// </summary>
internal static class SignCommand
{
    private const string Usage = """
        usage: sign --provider NAME --secret SECRET --body-file FILE|- [--url URL] [--method POST] [--delivery-id ID] [--timestamp UNIX_SECONDS] [--body-out FILE]
               sign --config FILE --policy NAME [--secret SECRET] --body-file FILE|- [the same options]  (the policy's first secret by default)
               generic-hmac and token also take: --header H [--algorithm sha256] [--encoding hex] [--prefix P] [--timestamp-header H] [--signed-content TEMPLATE] [--key-header H]
               pusher and worldline name their key in a header: --secret KEYID:SECRET
               providers signed with a private key take it as --secret: discord and discord-events the hex 32-byte Ed25519 seed,
               telnyx the base64 32-byte Ed25519 seed, sendgrid a base64 PKCS#8 ECDSA P-256 key; aws-sns, paypal and google-pubsub an
               RSA key (PEM or base64 PKCS#8) of the certificate or key the policy trusts, plaid and ebay an ECDSA P-256 key
               braintree and microsoft-graph cannot be signed (their secret never signs a delivery)
               aws-sns writes the whole signed message: give --body-out FILE and send that file as the body
               okta takes [--header H] (default Authorization); azure-event-grid --header H (a QueryParameter token goes into the URL: nothing to sign)
        """;

    public static int Run(string[] args)
    {
        var policyName = CommandLine.Option(args, "--policy");
        var configPath = CommandLine.Option(args, "--config");
        var bodyFile = CommandLine.Option(args, "--body-file");
        if ((policyName is null) != (configPath is null) || bodyFile is null)
        {
            Console.Error.WriteLine(Usage);
            return ExitCodes.InvalidConfiguration;
        }

        var policy = policyName is null ? null : ReadPolicy(configPath!, policyName);
        if (policyName is not null && policy is null)
        {
            return ExitCodes.InvalidConfiguration;
        }

        // A policy's own first secret signs when none is given: what it verifies with, so what it accepts.
        var secret = CommandLine.Option(args, "--secret") ?? policy?["Secrets:0"]
            ?? (policy?["KeyedSecrets:0:KeyId"] is { } keyId ? $"{keyId}:{policy["KeyedSecrets:0:Secret"]}" : null);
        if (secret is null)
        {
            Console.Error.WriteLine(Usage);
            return ExitCodes.InvalidConfiguration;
        }

        var provider = CommandLine.Option(args, "--provider") ?? policy?["Provider"];
        if (provider is null)
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
        var settings = Settings(args, info, policy);
        if (settings is null)
        {
            return ExitCodes.InvalidConfiguration;
        }

        var url = settings.PublicUrl;

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
        var signedBody = signer.SignedBody(input);
        var bodyOut = CommandLine.Option(args, "--body-out");
        if (!ReferenceEquals(signedBody, input.Body) && bodyOut is null)
        {
            Console.Error.WriteLine($"provider '{provider}' signs inside the body: give --body-out FILE and send that file as the body");
            return ExitCodes.InvalidConfiguration;
        }

        if (bodyOut is not null)
        {
            File.WriteAllBytes(bodyOut, signedBody);
        }

        var headers = new List<KeyValuePair<string, string>>();
        signer.Sign(input, headers);
        foreach (var (name, value) in headers)
        {
            Console.WriteLine($"{name}: {value}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>The policy's settings (when one is named), each overridden by its command-line option.</summary>
    private static ProviderSettings? Settings(string[] args, ProviderInfo info, IConfigurationSection? policy)
    {
        var problems = new List<ConfigProblem>();
        var fromPolicy = policy is null
            ? new ProviderSettings()
            : ProviderSettingsReader.Read(policy, policy["Idempotency:KeyHeader"], ProviderSettings.DefaultReplayWindow, problems);
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"{problem.Path}: {problem.Message}");
        }

        if (problems.Count > 0)
        {
            return null;
        }

        string? Option(string name, string? configured) => CommandLine.Option(args, name) ?? configured;
        return fromPolicy with
        {
            PublicUrl = Option("--url", fromPolicy.PublicUrl),
            // Handshake-only settings do not take part in signing deliveries.
            VerifyToken = fromPolicy.VerifyToken ?? (info.Requires.HasFlag(ProviderSetting.VerifyToken) ? "unused-for-signing" : null),
            PublicKey = Option("--public-key", fromPolicy.PublicKey),
            Header = Option("--header", fromPolicy.Header),
            Algorithm = Option("--algorithm", fromPolicy.Algorithm),
            Encoding = Option("--encoding", fromPolicy.Encoding),
            Prefix = Option("--prefix", fromPolicy.Prefix),
            TimestampHeader = Option("--timestamp-header", fromPolicy.TimestampHeader),
            SignedContent = Option("--signed-content", fromPolicy.SignedContent),
            KeyHeader = Option("--key-header", fromPolicy.KeyHeader),
        };
    }

    private static IConfigurationSection? ReadPolicy(string configPath, string policyName)
    {
        IConfiguration configuration;
        try
        {
            configuration = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(configPath), optional: false).AddEnvironmentVariables().Build();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException)
        {
            Console.Error.WriteLine($"{configPath}: {e.Message}");
            return null;
        }

        var policy = configuration.GetSection($"{PolicyReader.PoliciesPath}:{policyName}");
        if (!policy.Exists())
        {
            Console.Error.WriteLine($"{configPath}: no policy '{policyName}' under {PolicyReader.PoliciesPath}");
            return null;
        }

        return policy;
    }

    private static byte[] ReadStandardInput()
    {
        using var input = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        return buffer.ToArray();
    }
}
