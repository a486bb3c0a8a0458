using System.Security.Cryptography;
using System.Text.RegularExpressions;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Tests;

/// <summary>
/// The README's provider table against the catalogue: every provider once, in order, with the settings it requires,
/// and keyed as its verifier keys it. The table is what operators configure from, so a provider added, a setting made
/// required or a scheme whose coverage changes must change its row too.
/// </summary>
public sealed partial class ReadmeProviderTableTests
{
    private static readonly string[] Columns =
        ["provider", "what is verified", "signed timestamp", "delivery id / idempotency key", "handshake answered by the firewall", "config keys"];

    private static readonly Lazy<IReadOnlyList<Row>> Table = new(ReadTable);

    [Fact]
    public void The_table_names_every_provider_of_the_catalogue_once_sorted_by_name()
    {
        var names = Table.Value.Select(row => row.Provider).ToArray();

        Assert.Equal(names.Distinct(StringComparer.Ordinal), names);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(ProviderCatalogue.All.Select(provider => provider.Name), names);
    }

    [Fact]
    public void Every_required_setting_is_among_its_rows_config_keys()
    {
        var missing = new List<string>();
        foreach (var row in Table.Value)
        {
            if (!ProviderCatalogue.TryGet(row.Provider, out var info))
            {
                continue; // the first test names it
            }

            foreach (var setting in Flags(info.Requires))
            {
                if (!row.ConfigKeys.Contains($"`{setting}`", StringComparison.Ordinal))
                {
                    missing.Add($"{row.Provider}: {setting}");
                }
            }
        }

        Assert.True(missing.Count == 0, "settings a provider requires but its row does not name: " + string.Join(", ", missing));
    }

    /// <summary>
    /// One verdict per row, for the provider's default settings: `by content` where its verifier keys by content, and
    /// the ⚠ on exactly those rows (neither a signed timestamp nor a signed id); `by id` everywhere else.
    /// </summary>
    [Fact]
    public void The_idempotency_column_says_by_content_exactly_where_the_verifier_keys_by_content()
    {
        var wrong = new List<string>();
        foreach (var row in Table.Value)
        {
            var verdicts = Verdict().Matches(row.Idempotency).Select(match => match.Groups["kind"].Value).ToArray();
            if (verdicts.Length != 1)
            {
                wrong.Add($"{row.Provider}: {verdicts.Length} verdicts (`by id` or `by content`) in \"{row.Idempotency}\"");
                continue;
            }

            var problems = new List<SettingProblem>();
            var verifier = ProviderCatalogue.Create(row.Provider, MinimalSettings(row.Provider), problems, ProviderEnvironment.Offline);
            if (verifier is null)
            {
                wrong.Add($"{row.Provider}: no verifier ({string.Join("; ", problems)})");
                continue;
            }

            var byContent = verifier.DefaultKeyKind == IdempotencyKeyKind.Content;
            if ((verdicts[0] == "content") != byContent)
            {
                wrong.Add($"{row.Provider}: the table says `by {verdicts[0]}`, the verifier keys by {(byContent ? "content" : "delivery id")}");
            }

            if (row.Marked != byContent)
            {
                wrong.Add($"{row.Provider}: {(row.Marked ? "marked ⚠ but keyed by delivery id" : "keyed by content but not marked ⚠")}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    /// <summary>
    /// Settings every provider accepts with exactly what it requires: one secret that reads as UTF-8, hex, base64 and
    /// `whsec_` base64 alike and is long enough for Netlify and Contentful, and a well-formed value for the rest.
    /// </summary>
    private static ProviderSettings MinimalSettings(string provider)
    {
        const string Secret = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        if (!ProviderCatalogue.TryGet(provider, out var info))
        {
            return new ProviderSettings(); // Create then names it as unknown
        }

        bool Needs(ProviderSetting setting) => info.Requires.HasFlag(setting);
        return new ProviderSettings
        {
            Secrets = Needs(ProviderSetting.Secrets) ? [Secret] : [],
            PublicKey = !Needs(ProviderSetting.PublicKey) ? null : provider switch
            {
                "sendgrid" => SendGridKey.Value,
                "telnyx" => Convert.ToBase64String(Convert.FromHexString(Ed25519PublicKey)),
                _ => Ed25519PublicKey,
            },
            PublicUrl = Needs(ProviderSetting.PublicUrl) ? "https://hooks.example.com/webhooks/" + provider : null,
            // Event Grid requires exactly one of Header and QueryParameter, which a flag cannot say.
            Header = Needs(ProviderSetting.Header) || provider == "azure-event-grid" ? "X-Webhook-Token" : null,
            VerifyToken = Needs(ProviderSetting.VerifyToken) ? "verify-token" : null,
            TopicArns = Needs(ProviderSetting.TopicArns) ? ["arn:aws:sns:eu-west-1:123456789012:orders"] : [],
            WebhookId = Needs(ProviderSetting.WebhookId) ? "WH-0000" : null,
            Audience = Needs(ProviderSetting.Audience) ? "https://hooks.example.com/webhooks/" + provider : null,
            ServiceAccountEmail = Needs(ProviderSetting.ServiceAccountEmail) ? "push@example.iam.gserviceaccount.com" : null,
            ClientId = Needs(ProviderSetting.ClientId) ? "client-id" : null,
            ClientState = Needs(ProviderSetting.ClientState) ? "client-state" : null,
            KeyedSecrets = Needs(ProviderSetting.KeyedSecrets) ? [new KeyedSecret("key-id", Secret)] : [],
            Username = Needs(ProviderSetting.Username) ? "user" : null,
        };
    }

    /// <summary>RFC 8032's first test key: a valid Ed25519 point.</summary>
    private const string Ed25519PublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    private static readonly Lazy<string> SendGridKey = new(() =>
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
    });

    private static IEnumerable<ProviderSetting> Flags(ProviderSetting settings) =>
        Enum.GetValues<ProviderSetting>().Where(flag => flag != ProviderSetting.None && settings.HasFlag(flag));

    /// <summary>The rows of the first table under "## Providers", up to the next section.</summary>
    private static IReadOnlyList<Row> ReadTable()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        var section = Array.IndexOf(lines, "## Providers");
        Assert.True(section >= 0, "README.md has no \"## Providers\" section");

        var header = -1;
        for (var i = section + 1; i < lines.Length && !lines[i].StartsWith("## ", StringComparison.Ordinal); i++)
        {
            if (lines[i].StartsWith('|'))
            {
                header = i;
                break;
            }
        }

        Assert.True(header >= 0, "the \"## Providers\" section has no table");
        Assert.Equal(Columns, Cells(lines[header]));

        var rows = new List<Row>();
        for (var i = header + 2; i < lines.Length && lines[i].StartsWith('|'); i++)
        {
            var cells = Cells(lines[i]);
            Assert.True(cells.Length == Columns.Length, $"README.md line {i + 1} has {cells.Length} cells, not {Columns.Length}");
            var name = ProviderCell().Match(cells[0]);
            Assert.True(name.Success, $"README.md line {i + 1}: the first cell is not a backticked provider name (then perhaps ⚠): \"{cells[0]}\"");
            rows.Add(new Row(name.Groups["name"].Value, name.Groups["mark"].Success, cells[3], cells[5]));
        }

        return rows;
    }

    /// <summary>A table line's cells, split at every `|` that is not escaped as `\|`.</summary>
    private static string[] Cells(string line) =>
        CellSeparator().Split(line.Trim().Trim('|')).Select(cell => cell.Trim()).ToArray();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "WebhookFirewall.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("WebhookFirewall.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellSeparator();

    [GeneratedRegex(@"\A`(?<name>[a-z0-9-]+)`(?<mark> ⚠)?\z")]
    private static partial Regex ProviderCell();

    [GeneratedRegex("`by (?<kind>id|content)`")]
    private static partial Regex Verdict();

    private sealed record Row(string Provider, bool Marked, string Idempotency, string ConfigKeys);
}
