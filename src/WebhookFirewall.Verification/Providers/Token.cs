using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>Any sender that authenticates with a shared token in a header of the operator's choosing.</summary>
public static class Token
{
    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "token",
        Summary = "the configured Header equals a configured secret (constant-time)",
        Create = (settings, problems) =>
        {
            if (string.IsNullOrWhiteSpace(settings.Header))
            {
                problems.Add(new SettingProblem("Header", "provider 'token' needs Header (the header that carries the token)"));
            }

            return new ProviderVerifier(
                "token",
                new TokenCheck(settings.Header ?? string.Empty, settings.Secrets),
                settings.ReplayWindow,
                Definition!.DeliveryIdFor(settings));
        },
    };
}
