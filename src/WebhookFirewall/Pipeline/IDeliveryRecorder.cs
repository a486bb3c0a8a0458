using WebhookFirewall.Model;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// Whoever keeps a record of each request on a webhook route (the delivery ledger). The stages tell it what only they
/// see while it still exists (a verified body, before its buffer goes back to the pool); <see cref="RequestContextStep"/>
/// hands it the request once its outcome is known.
/// </summary>
internal interface IDeliveryRecorder
{
    /// <summary>Whether requests on this route are recorded at all; a route that is not gets no recorder.</summary>
    bool Records(RouteBinding binding);

    /// <summary>A verified body, while it is still buffered: the recorder keeps what its policy lets it keep.</summary>
    void BodyVerified(HttpContext context, WebhookContext webhook, ReadOnlySpan<byte> body);

    /// <summary>Called once per request, when it is over and its outcome is known. Never blocks and never throws.</summary>
    void Record(HttpContext context, WebhookContext webhook);
}
