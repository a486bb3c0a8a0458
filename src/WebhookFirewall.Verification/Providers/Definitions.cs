using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>Every provider declaration the catalogue serves.</summary>
internal static class Definitions
{
    public static IReadOnlyList<ProviderDefinition> All { get; } =
    [
        .. HmacPresets.All,
        .. TokenPresets.All,
        GenericHmac.Definition,
        Stripe.Definition,
        Twilio.Definition,
        HubSpot.Definition,
        Mailgun.Definition,
        AzureEventGrid.Definition,
        Discord.InteractionsDefinition,
        Discord.EventsDefinition,
        SendGrid.Definition,
        Buildkite.Definition,
        Twitter.Definition,
        Gitea.Definition,
        Contentful.Definition,
        Adyen.Definition,
        Braintree.Definition,
        Plivo.Definition,
        Mandrill.Definition,
        Hygraph.Definition,
        Netlify.Definition,
        MicrosoftGraph.Definition,
        Telnyx.Definition,
        AwsSns.Definition,
        PayPal.Definition,
        GooglePubSub.Definition,
        Plaid.Definition,
        Ebay.Definition,
    ];
}
