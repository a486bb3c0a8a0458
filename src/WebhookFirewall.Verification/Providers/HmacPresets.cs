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
    private static readonly HmacScheme XeroScheme = new() { Header = "x-xero-signature", Encoding = SignatureEncoding.Base64 };

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

        // WooCommerce keys with the secret as WordPress stores it (HTML entities read back) and lets a site's filter
        // change the algorithm; X-WC-Webhook-Delivery-ID is new on every delivery, so it identifies nothing.
        Row(
            "woocommerce",
            new() { Header = "X-WC-Webhook-Signature", Encoding = SignatureEncoding.Base64, SecretDecoding = SecretDecoding.WordPressEntities },
            eventType: "X-WC-Webhook-Topic",
            accepts: ProviderSetting.Algorithm,
            unsignedHandshake: _ => new WooCommercePing(),
            note: "Algorithm may change the hash; the unsigned ping (form body webhook_id=N) answered 200"),

        // Teams keys the HMAC with the base64-decoded security token and shows the backend's reply in the channel.
        Row(
            "microsoft-teams",
            new() { Header = "Authorization", Prefix = "HMAC ", Encoding = SignatureEncoding.Base64, SecretDecoding = SecretDecoding.Base64 },
            replyCarriesBackendAnswer: true),

        // DocuSign Connect sends one signature header per active HMAC key (the key string as is, though it looks like
        // base64): the first sixteen are read, a rotation needs a handful.
        Row(
            "docusign",
            new()
            {
                Header = "X-DocuSign-Signature-1",
                MoreSignatureHeaders = [.. Enumerable.Range(2, SignatureList.MaxSignatures - 1).Select(n => $"X-DocuSign-Signature-{n}")],
                Encoding = SignatureEncoding.Base64,
            }),

        // Xero expects 200 for a correctly signed intent-to-receive and 401 otherwise, empty, even in Report mode.
        Row(
            "xero",
            XeroScheme,
            unsignedHandshake: settings => new XeroIntentToReceive(new HmacCheck(XeroScheme, Utf8Keys(settings))),
            note: "intent-to-receive (events: []) answered 200 or 401, empty, in Report mode too"),

        // Heroku re-signs each attempt (webhook_metadata.attempt.id changes the body): webhook_metadata.delivery.id,
        // inside the signed body, is what stays the same.
        Row("heroku", new() { Header = "Heroku-Webhook-Hmac-SHA256", Encoding = SignatureEncoding.Base64 }, new NestedJsonFieldDeliveryId("webhook_metadata", "delivery", "id")),

        // HCP Terraform signs generic notifications only; its verification request on save is one and is forwarded.
        Row("terraform", new() { Header = "X-TFE-Notification-Signature", Algorithm = HmacAlgorithm.Sha512 }),

        // Box signs the body followed by BOX-DELIVERY-TIMESTAMP with its primary and secondary keys, one header each,
        // and asks for a ten-minute age limit; BOX-DELIVERY-ID changes on retry, the body's id does not.
        Row(
            "box",
            new()
            {
                Header = "BOX-SIGNATURE-PRIMARY",
                MoreSignatureHeaders = ["BOX-SIGNATURE-SECONDARY"],
                Encoding = SignatureEncoding.Base64,
                Content = Template("{body}{timestamp}"),
                TimestampHeader = "BOX-DELIVERY-TIMESTAMP",
                TimestampUnit = TimestampUnit.Rfc3339,
                RequiredHeaders = [new("BOX-SIGNATURE-VERSION", "1"), new("BOX-SIGNATURE-ALGORITHM", "HmacSHA256")],
            },
            JsonField("id"),
            defaultReplayWindow: TimeSpan.FromMinutes(10)),

        Row("gocardless", new() { Header = "Webhook-Signature" }, new NestedJsonFieldDeliveryId("meta", "webhook_id")),

        // LaunchDarkly's body is an audit-log entry: its _id names the change, and LaunchDarkly retries once.
        Row("launchdarkly", new() { Header = "X-LD-Signature" }, JsonField("_id")),

        // Nylas retries with the same notification id; its endpoint check is the same unsigned GET ?challenge= echo as Dropbox's.
        Row("nylas", new() { Header = "X-Nylas-Signature" }, JsonField("id"), unsignedHandshake: _ => new DropboxChallenge(), note: "unsigned GET ?challenge= echoed"),

        // Pusher names the app key in X-Pusher-Key; its secret, and only that one, must have signed.
        Row("pusher", new() { Header = "X-Pusher-Signature", KeyIdHeader = "X-Pusher-Key" }, requires: ProviderSetting.KeyedSecrets),

        // Webex's body id names the webhook registration, not the delivery: there is no delivery id.
        Row("webex", new() { Header = "X-Spark-Signature", Algorithm = HmacAlgorithm.Sha1 }),

        // Modern Treasury and ClickUp share the header name; the route, not the header, says which provider it is.
        Row("modern-treasury", new() { Header = "X-Signature" }),

        Row("clickup", new() { Header = "X-Signature" }),

        // Worldline names the key in X-GCS-KeyId; the event id is the one its docs say to deduplicate on.
        Row(
            "worldline",
            new() { Header = "X-GCS-Signature", Encoding = SignatureEncoding.Base64, KeyIdHeader = "X-GCS-KeyId" },
            JsonField("id"),
            requires: ProviderSetting.KeyedSecrets,
            unsignedHandshake: _ => new WorldlineEndpointVerification(),
            note: "unsigned GET X-GCS-Webhooks-Endpoint-Verification echoed"),

        // Castle signs with the account's API secret, which is also its API credential.
        Row("castle", new() { Header = "X-Castle-Signature", Encoding = SignatureEncoding.Base64 }),
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
        string? note = null,
        TimeSpan? defaultReplayWindow = null) => new()
        {
            Name = name,
            Summary = note is null ? scheme.Summary : $"{scheme.Summary}; {note}",
            Requires = requires,
            Accepts = accepts,
            Check = (settings, problems) => Check(scheme, accepts, settings, problems),
            DeliveryId = deliveryId ?? None,
            EventTypeHeader = eventType,
            UnsignedHandshake = unsignedHandshake,
            SignedHandshake = signedHandshake,
            CredentialFields = credentialFields ?? [],
            ReplyCarriesBackendAnswer = replyCarriesBackendAnswer,
            DefaultReplayWindow = defaultReplayWindow,
        };

    /// <summary>
    /// The row's scheme for a policy: a preset that accepts `Algorithm` takes it from the policy (WooCommerce sites
    /// may change theirs), and one with a key id header keys with the policy's `KeyedSecrets`.
    /// </summary>
    private static HmacCheck Check(HmacScheme scheme, ProviderSetting accepts, ProviderSettings settings, ICollection<SettingProblem> problems)
    {
        if (accepts.HasFlag(ProviderSetting.Algorithm))
        {
            scheme = scheme with { Algorithm = Hmac.FromSetting(settings.Algorithm, scheme.Algorithm, problems) };
        }

        return scheme.KeyIdHeader is null
            ? new HmacCheck(scheme, SigningKeys.Decode(settings.Secrets, scheme.SecretDecoding, problems), settings.PublicUrl)
            : new HmacCheck(scheme, SigningKeys.Decode(settings.KeyedSecrets, scheme.SecretDecoding, problems), keyIds: [.. settings.KeyedSecrets.Select(k => k.KeyId)]);
    }

    internal static SignedContentTemplate Template(string template) => SignedContentTemplate.Parse(template);

    private static byte[][] Utf8Keys(ProviderSettings settings) => SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, new List<SettingProblem>());
}
