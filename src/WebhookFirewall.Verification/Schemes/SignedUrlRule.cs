namespace WebhookFirewall.Verification.Schemes;

/// <summary>How a URL-signing provider forms the URL it signs from `PublicUrl` and the request.</summary>
internal enum SignedUrlRule
{
    /// <summary>
    /// `PublicUrl` followed by the request's raw query when `PublicUrl` has none; when it has one, the request's query
    /// must equal it (Twilio, Square, HubSpot).
    /// </summary>
    AppendRequestQuery,

    /// <summary>`PublicUrl` exactly as configured (Mandrill, eBay).</summary>
    AsConfigured,

    /// <summary>
    /// As <see cref="AppendRequestQuery"/>, then the query canonically sorted: every parameter decoded, ordered by name
    /// then value, written `name=value` joined by '&amp;' (Plivo's V3 signature).
    /// </summary>
    SortedRequestQuery,
}
