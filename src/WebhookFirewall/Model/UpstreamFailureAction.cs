namespace WebhookFirewall.Model;

/// <summary>A policy's `Delivery:OnUpstreamFailure`: what a verified delivery whose forward failed becomes.</summary>
internal enum UpstreamFailureAction
{
    /// <summary>The upstream's (or YARP's) answer goes back to the provider and the claim is released: it retries.</summary>
    Reject,

    /// <summary>The delivery is stored durably, acknowledged 202 and redelivered until the upstream takes it.</summary>
    Spool,
}
