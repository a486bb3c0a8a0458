namespace WebhookFirewall.Verification.Schemes;

/// <summary>
/// A signed handshake whose answer needs a request of the firewall's own (AWS SNS: confirming the subscription).
/// Its synchronous <see cref="IHandshake.TryAnswer"/> cannot make it and fails as key_unavailable instead.
/// </summary>
internal interface IAsyncHandshake : IHandshake
{
    /// <summary>The answer (or failure) when the request is this handshake; null when it is not.</summary>
    ValueTask<VerificationResult?> TryAnswerAsync(WebhookRequest request, int secretIndex, CancellationToken cancellationToken);
}
