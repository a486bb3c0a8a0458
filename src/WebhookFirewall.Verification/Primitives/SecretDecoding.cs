namespace WebhookFirewall.Verification.Primitives;

/// <summary>How a provider turns the configured secret string into HMAC key bytes.</summary>
internal enum SecretDecoding
{
    /// <summary>The secret's UTF-8 bytes, whatever it looks like (GitHub, Stripe's whole `whsec_...`, Paddle, PagerDuty).</summary>
    Utf8,

    /// <summary>Base64 after an optional `whsec_` prefix (Standard Webhooks, Svix).</summary>
    WhsecBase64,

    /// <summary>Plain base64 (Microsoft Teams' security token).</summary>
    Base64,

    /// <summary>Hex digits (Adyen's HMAC key).</summary>
    Hex,

    /// <summary>
    /// The UTF-8 bytes of the secret once WordPress's `wp_specialchars_decode(..., ENT_QUOTES)` has read its HTML
    /// entities back (WooCommerce keys with the secret as stored, where `&amp;` became `&`).
    /// </summary>
    WordPressEntities,
}
