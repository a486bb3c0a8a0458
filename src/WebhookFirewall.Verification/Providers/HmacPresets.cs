using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Providers.Handshakes;
using WebhookFirewall.Verification.Schemes;
using static WebhookFirewall.Verification.Schemes.DeliveryIdSource;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Every provider whose scheme is an HMAC over a content template, one row each: the row is the scheme as data,
/// plus where the delivery id is and what else the provider does. Providers whose schemes are genuinely different
/// keep a file of their own (Stripe, Twilio, HubSpot, Mailgun, Event Grid, the key-signed ones).
/// </summary>
internal static class HmacPresets
{
    private static readonly SignatureListFormat StripeLikeList = new() { Separator = ',', KeyValue = true, TimestampKey = "t", SignatureKey = "v1" };
    private static readonly SignatureListFormat V1EqualsList = new() { Separator = ',', SignatureKey = "v1=" };

    public static IReadOnlyList<ProviderDefinition> All { get; } =
    [
        // GitHub signs the body only; X-GitHub-Delivery stays the same when a delivery is redelivered.
        Row("github", new() { Header = "X-Hub-Signature-256", Prefix = "sha256=" }, Header("X-GitHub-Delivery"), eventType: "X-GitHub-Event"),

        // Bitbucket Cloud: X-Request-UUID names the request; X-Hook-UUID names the webhook itself (the same on every event).
        Row("bitbucket", new() { Header = "X-Hub-Signature", Prefix = "sha256=" }, Header("X-Request-UUID"), eventType: "X-Event-Key"),

        // Jira Cloud: X-Atlassian-Webhook-Identifier stays the same across Jira's retries of one delivery.
        Row("jira", new() { Header = "X-Hub-Signature", Prefix = "sha256=" }, Header("X-Atlassian-Webhook-Identifier")),

        // Intercom still signs with SHA-1; its `ping` notification is signed like any other and simply forwarded.
        Row("intercom", new() { Header = "X-Hub-Signature", Prefix = "sha1=", Algorithm = HmacAlgorithm.Sha1 }, JsonField("id")),

        // Notion keys the HMAC with the subscription's verification_token, which reaches the endpoint once in an
        // unsigned setup request this preset refuses: read it while the route is Anonymous, then configure it.
        Row("notion", new() { Header = "X-Notion-Signature", Prefix = "sha256=" }, JsonField("id"), credentialFields: ["verification_token"]),

        // Meta (Facebook, Instagram, WhatsApp) signs with the app secret; its subscription GET is proved by the verify token.
        Row(
            "meta",
            new() { Header = "X-Hub-Signature-256", Prefix = "sha256=" },
            requires: ProviderSetting.Secrets | ProviderSetting.VerifyToken,
            unsignedHandshake: settings => new MetaSubscription(settings.VerifyToken!),
            note: "GET hub.verify_token handshake answered"),

        // Shopify signs with the app's client secret; the webhook id is kept across Shopify's retries.
        Row("shopify", new() { Header = "X-Shopify-Hmac-Sha256", Encoding = SignatureEncoding.Base64 }, Header("X-Shopify-Webhook-Id"), eventType: "X-Shopify-Topic"),

        Row("typeform", new() { Header = "Typeform-Signature", Prefix = "sha256=", Encoding = SignatureEncoding.Base64 }, JsonField("event_id")),

        // Sentry's Sentry-Hook-Timestamp is not covered by the signature, so it proves nothing and is not read.
        Row("sentry", new() { Header = "Sentry-Hook-Signature" }, Header("Request-ID"), eventType: "Sentry-Hook-Resource"),

        Row("vercel", new() { Header = "x-vercel-signature", Algorithm = HmacAlgorithm.Sha1 }, JsonField("id")),

        // Coinbase Commerce: the top-level `id` identifies the webhook delivery (the event has its own event.id).
        Row("coinbase", new() { Header = "X-CC-Webhook-Signature" }, JsonField("id")),

        Row("razorpay", new() { Header = "X-Razorpay-Signature" }, Header("X-Razorpay-Event-Id")),

        // Dropbox notifications carry no id; its endpoint check is an unsigned GET ?challenge= (see the handshake).
        Row("dropbox", new() { Header = "X-Dropbox-Signature" }, unsignedHandshake: _ => new DropboxChallenge(), note: "unsigned GET ?challenge= echoed"),

        // Asana issues the secret when the webhook is established; it comes from config only, never from the
        // handshake (anyone can POST an X-Hook-Secret). A policy may have no secret yet, so the handshake can be
        // answered before it exists: until one is configured every delivery fails closed.
        Row(
            "asana",
            new() { Header = "X-Hook-Signature" },
            requires: ProviderSetting.None,
            accepts: ProviderSetting.Secrets,
            unsignedHandshake: _ => new AsanaSecretEcho(),
            note: "X-Hook-Secret handshake echoed, never learnt"),

        // Slack: the Events API's signed url_verification is answered here. Slash commands and interactivity read the
        // backend's reply, so Slack deliveries are never acknowledged on the backend's behalf.
        Row(
            "slack",
            new() { Header = "X-Slack-Signature", Prefix = "v0=", Content = Template("v0:{timestamp}:{body}"), TimestampHeader = "X-Slack-Request-Timestamp" },
            JsonField("event_id"),
            signedHandshake: _ => new SlackUrlVerification(),
            credentialFields: ["token"],
            replyCarriesBackendAnswer: true,
            note: "signed url_verification answered"),

        // Zoom documents no id that stays the same across its retries: `Idempotency:KeyHeader` can name one.
        Row(
            "zoom",
            new() { Header = "x-zm-signature", Prefix = "v0=", Content = Template("v0:{timestamp}:{body}"), TimestampHeader = "x-zm-request-timestamp" },
            signedHandshake: settings => new ZoomUrlValidation(Utf8Keys(settings)),
            note: "signed endpoint.url_validation answered"),

        // Twitch EventSub signs message id + timestamp (RFC 3339, nanoseconds) + body; retries keep their Message-Id.
        Row(
            "twitch",
            new()
            {
                Header = "Twitch-Eventsub-Message-Signature",
                Prefix = "sha256=",
                Content = Template("{id}{timestamp}{body}"),
                TimestampHeader = "Twitch-Eventsub-Message-Timestamp",
                TimestampUnit = TimestampUnit.Rfc3339,
                IdHeader = "Twitch-Eventsub-Message-Id",
            },
            Header("Twitch-Eventsub-Message-Id"),
            eventType: "Twitch-Eventsub-Subscription-Type",
            signedHandshake: _ => new TwitchCallbackVerification(),
            note: "callback verification answered"),

        Row(
            "zendesk",
            new()
            {
                Header = "X-Zendesk-Webhook-Signature",
                Encoding = SignatureEncoding.Base64,
                Content = Template("{timestamp}{body}"),
                TimestampHeader = "X-Zendesk-Webhook-Signature-Timestamp",
                TimestampUnit = TimestampUnit.Rfc3339,
            },
            Header("X-Zendesk-Webhook-Invocation-Id")),

        // Linear's replay clock is webhookTimestamp (ms) inside the signed body; its SDK allows 60 s.
        Row(
            "linear",
            new() { Header = "Linear-Signature", TimestampField = "webhookTimestamp", TimestampUnit = TimestampUnit.UnixMilliseconds },
            Header("Linear-Delivery"),
            eventType: "Linear-Event"),

        // Paddle keys the HMAC with the whole `pdl_ntf_...` string; several h1 while a secret rolls over.
        Row(
            "paddle",
            new()
            {
                Header = "Paddle-Signature",
                List = new() { Separator = ';', KeyValue = true, TimestampKey = "ts", SignatureKey = "h1" },
                Content = Template("{timestamp}:{body}"),
            },
            JsonField("event_id")),

        // Calendly sends no delivery id; the signed timestamp bounds a replay.
        Row("calendly", new() { Header = "Calendly-Webhook-Signature", List = StripeLikeList, Content = Template("{timestamp}.{body}") }),

        // PagerDuty v3 keys with the secret as shown; one v1 per active secret while it rolls over.
        Row("pagerduty", new() { Header = "X-PagerDuty-Signature", List = V1EqualsList }, new NestedJsonFieldDeliveryId("event", "id")),

        // CircleCI documents the header as a list so that other schemes can be added: only v1= entries are ours.
        Row("circleci", new() { Header = "circleci-signature", List = V1EqualsList }, JsonField("id"), eventType: "circleci-event-type"),

        StandardWebhooks("standard-webhooks", "webhook-"),

        // Svix, where Standard Webhooks came from, with svix-* headers.
        StandardWebhooks("svix", "svix-"),

        // Clerk sends svix-* headers; its SDK hands them to the standardwebhooks library as webhook-*.
        StandardWebhooks("clerk", "svix-"),

        // Resend's docs read svix-* headers (its SDK verifies them with the standardwebhooks library).
        StandardWebhooks("resend", "svix-"),

        StandardWebhooks("openai", "webhook-"),

        // Replicate's SDK checks no timestamp; the policy's window applies as for every Standard Webhooks sender.
        StandardWebhooks("replicate", "webhook-"),

        StandardWebhooks("lithic", "webhook-"),

        // Polar's SDK base64-encodes the secret before handing it to standardwebhooks: the key is the secret's own
        // UTF-8, whatever its prefix (a whsec_-decoding preset would silently fail).
        StandardWebhooks("polar", "webhook-", SecretDecoding.Utf8),

        // TikTok names the signature entry `s`, not `v1`; the app's client secret keys the HMAC.
        Row(
            "tiktok",
            new()
            {
                Header = "TikTok-Signature",
                List = new() { Separator = ',', KeyValue = true, TimestampKey = "t", SignatureKey = "s" },
                Content = Template("{timestamp}.{body}"),
            }),

        // Orb signs X-Orb-Timestamp as sent: ISO 8601, UTC when it carries no offset (its SDK appends the Z).
        Row(
            "orb",
            new()
            {
                Header = "X-Orb-Signature",
                List = new() { Separator = ' ', SignatureKey = "v1=" },
                Content = Template("v1:{timestamp}:{body}"),
                TimestampHeader = "X-Orb-Timestamp",
                TimestampUnit = TimestampUnit.Iso8601,
            },
            JsonField("id")),

        // Recurly: the millisecond timestamp is the first entry, then one hex signature per active key. JSON
        // notifications only: Recurly's XML notifications are unsigned and fail here.
        Row(
            "recurly",
            new()
            {
                Header = "recurly-signature",
                List = new() { Separator = ',', TimestampFirst = true, SignatureKey = string.Empty, StrictEntries = true },
                Content = Template("{timestamp}.{body}"),
                TimestampUnit = TimestampUnit.UnixMilliseconds,
            },
            JsonField("id")),

        Row("mux", new() { Header = "mux-signature", List = StripeLikeList, Content = Template("{timestamp}.{body}") }, JsonField("id")),

        // Persona: while a secret rotates, two `t=..,v1=..` sets, space-separated.
        Row(
            "persona",
            new()
            {
                Header = "Persona-Signature",
                List = new() { Separator = ',', SetSeparator = ' ', KeyValue = true, TimestampKey = "t", SignatureKey = "v1" },
                Content = Template("{timestamp}.{body}"),
            }),

        // Sanity: `t=` in milliseconds, `v1=` base64url without padding.
        Row(
            "sanity",
            new()
            {
                Header = "sanity-webhook-signature",
                Encoding = SignatureEncoding.Base64Url,
                List = StripeLikeList,
                Content = Template("{timestamp}.{body}"),
                TimestampUnit = TimestampUnit.UnixMilliseconds,
            }),

        // WorkOS writes `t=<ms>, v1=<hex>` (a space after the comma).
        Row(
            "workos",
            new() { Header = "WorkOS-Signature", List = StripeLikeList, Content = Template("{timestamp}.{body}"), TimestampUnit = TimestampUnit.UnixMilliseconds },
            JsonField("id")),

        // Webflow: webhooks created in a site's dashboard or with a site API key carry no signature at all.
        Row(
            "webflow",
            new()
            {
                Header = "x-webflow-signature",
                Content = Template("{timestamp}:{body}"),
                TimestampHeader = "x-webflow-timestamp",
                TimestampUnit = TimestampUnit.UnixMilliseconds,
            }),

        Row(
            "frameio",
            new() { Header = "X-Frameio-Signature", Prefix = "v0=", Content = Template("v0:{timestamp}:{body}"), TimestampHeader = "X-Frameio-Request-Timestamp" }),

        // Front application webhooks (rule webhooks are another scheme: SHA-1 with the API secret). The signed `sync`
        // sent when the webhook is saved is forwarded and the backend answers its X-Front-Challenge: the firewall
        // answers a handshake itself only in a form the provider's documentation fixes, and this one's is not fixed.
        Row(
            "front",
            new()
            {
                Header = "X-Front-Signature",
                Encoding = SignatureEncoding.Base64,
                Content = Template("{timestamp}:{body}"),
                TimestampHeader = "X-Front-Request-Timestamp",
                TimestampUnit = TimestampUnit.UnixMilliseconds,
            },
            note: "signed sync validation forwarded (the backend answers X-Front-Challenge)"),

        // Square signs its notification URL immediately followed by the body; the event's event_id is the id.
        Row(
            "square",
            new() { Header = "x-square-hmacsha256-signature", Encoding = SignatureEncoding.Base64, Content = Template("{url}{body}"), DisplayName = "Square" },
            JsonField("event_id"),
            requires: ProviderSetting.Secrets | ProviderSetting.PublicUrl),
    ];

    /// <summary>
    /// A Standard Webhooks sender: `v1,` base64 HMAC-SHA256 of `{id}.{timestamp}.{body}` in a space-separated list,
    /// key = base64 after `whsec_`; the signed id is the delivery id.
    /// </summary>
    internal static ProviderDefinition StandardWebhooks(string name, string headerPrefix, SecretDecoding secret = SecretDecoding.WhsecBase64) => Row(
        name,
        new()
        {
            Header = headerPrefix + "signature",
            Encoding = SignatureEncoding.Base64,
            List = new() { Separator = ' ', SignatureKey = "v1," },
            Content = Template("{id}.{timestamp}.{body}"),
            TimestampHeader = headerPrefix + "timestamp",
            IdHeader = headerPrefix + "id",
            SecretDecoding = secret,
        },
        Header(headerPrefix + "id"));

    internal static ProviderDefinition Row(
        string name,
        HmacScheme scheme,
        DeliveryIdSource? deliveryId = null,
        string? eventType = null,
        ProviderSetting requires = ProviderSetting.Secrets,
        ProviderSetting accepts = ProviderSetting.None,
        Func<ProviderSettings, IHandshake>? unsignedHandshake = null,
        Func<ProviderSettings, IHandshake>? signedHandshake = null,
        IReadOnlyList<string>? credentialFields = null,
        bool replyCarriesBackendAnswer = false,
        string? note = null) => new()
        {
            Name = name,
            Summary = note is null ? scheme.Summary : $"{scheme.Summary}; {note}",
            Requires = requires,
            Accepts = accepts,
            Check = (settings, problems) => new HmacCheck(scheme, SigningKeys.Decode(settings.Secrets, scheme.SecretDecoding, problems), settings.PublicUrl),
            DeliveryId = deliveryId ?? None,
            EventTypeHeader = eventType,
            UnsignedHandshake = unsignedHandshake,
            SignedHandshake = signedHandshake,
            CredentialFields = credentialFields ?? [],
            ReplyCarriesBackendAnswer = replyCarriesBackendAnswer,
        };

    internal static SignedContentTemplate Template(string template) => SignedContentTemplate.Parse(template);

    private static byte[][] Utf8Keys(ProviderSettings settings) => SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, new List<SettingProblem>());
}
