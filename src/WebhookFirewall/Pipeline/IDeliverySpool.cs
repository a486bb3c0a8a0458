using Yarp.ReverseProxy.Forwarder;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// Where a claimed, verified delivery of a spooling policy goes when its forward failed in a way the policy retries
/// (DESIGN "Spool"): stored durably, so the provider can be answered 202 and the firewall redeliver it. Implemented
/// by the spool; the forwarding stages only ask.
/// </summary>
internal interface IDeliverySpool
{
    /// <summary>
    /// Stores the delivery as it was sent to the destination. True when it was stored: the caller answers 202 and
    /// settles the claim for <see cref="RecordLifetime"/>. False when it was not to be spooled or could not be (store
    /// down, Spool:MaxBytes reached): the caller answers as without a spool and releases the claim.
    /// </summary>
    /// <param name="status">The upstream's status, when it answered; null when the exchange failed (see <paramref name="error"/>).</param>
    Task<bool> TrySpoolAsync(HttpContext context, WebhookContext webhook, string claimKey, int? status, ForwarderError error);

    /// <summary>How long the 202 record of a spooled delivery of this policy lives: max(Ttl, MaxAge + DeadLetterTtl).</summary>
    TimeSpan RecordLifetime(Model.WebhookPolicy policy);
}
