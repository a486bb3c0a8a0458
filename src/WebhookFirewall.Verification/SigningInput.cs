namespace WebhookFirewall.Verification;

/// <summary>What is signed: the body, the moment, the delivery id and (for providers that sign it) the URL.</summary>
public sealed record SigningInput(byte[] Body, DateTimeOffset Timestamp, string DeliveryId, string Method = "POST", string? Url = null);
