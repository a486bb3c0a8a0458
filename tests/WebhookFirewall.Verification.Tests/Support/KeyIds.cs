using System.Security.Cryptography;
using System.Text;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Verification.Tests.Support;

/// <summary>
/// For the providers whose requests name their key (Pusher, Worldline): each test secret gets a key id of its own,
/// derived from it, so that a request signed with a secret names that secret's key, as the provider's would.
/// </summary>
public static class KeyIds
{
    public static string For(string secret) => "key-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))[..12];

    public static ProviderSettings Settings(IEnumerable<string> secrets) =>
        new() { KeyedSecrets = [.. secrets.Select(s => new KeyedSecret(For(s), s))] };
}
