namespace WebhookFirewall.Verification.Schemes;

/// <summary>What a scheme's signature covers: decides whether a delivery id or timestamp can be trusted.</summary>
[Flags]
internal enum Coverage
{
    None = 0,
    Body = 1 << 0,
    Timestamp = 1 << 1,

    /// <summary>The delivery id (a header or field named by the check's <see cref="ISignatureCheck.SignedIdHeader"/>, or the id source itself).</summary>
    DeliveryId = 1 << 2,
    Url = 1 << 3,
}
