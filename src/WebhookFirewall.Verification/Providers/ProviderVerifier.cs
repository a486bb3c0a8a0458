using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// The one verification flow every provider shares: unsigned handshake, signature, replay window, signed handshake,
/// delivery id. Providers differ only in the parts they plug in.
/// </summary>
public sealed class ProviderVerifier : IWebhookVerifier, IWebhookSigner
{
    private readonly ISignatureCheck _check;
    private readonly TimeSpan _replayWindow;
    private readonly DeliveryIdSource _deliveryId;
    private readonly IHandshake? _unsignedHandshake;
    private readonly IHandshake? _signedHandshake;

    public ProviderVerifier(
        string provider,
        ISignatureCheck check,
        TimeSpan replayWindow,
        DeliveryIdSource deliveryId,
        IHandshake? unsignedHandshake = null,
        IHandshake? signedHandshake = null)
    {
        Provider = provider;
        _check = check;
        _replayWindow = replayWindow;
        _deliveryId = deliveryId;
        _unsignedHandshake = unsignedHandshake;
        _signedHandshake = signedHandshake;
    }

    public string Provider { get; }

    public DeliveryIdSource DeliveryId => _deliveryId;

    /// <summary>Whether this provider's requests can be produced by <see cref="Sign"/> (every shared-secret scheme can).</summary>
    public bool CanSign => _check is IWebhookSigner;

    /// <summary>The provider's headers for <paramref name="input"/>, delivery id header included.</summary>
    public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
    {
        if (_check is not IWebhookSigner signer)
        {
            throw new NotSupportedException($"Provider '{Provider}' cannot be signed with a shared secret.");
        }

        signer.Sign(input, headers);
        if (_deliveryId.HeaderName is { } idHeader && !headers.Any(h => string.Equals(h.Key, idHeader, StringComparison.OrdinalIgnoreCase)))
        {
            headers.Add(new(idHeader, input.DeliveryId));
        }
    }

    public VerificationResult Verify(in WebhookRequest request)
    {
        if (_unsignedHandshake is not null && _unsignedHandshake.TryAnswer(request, -1, out var answered))
        {
            return answered;
        }

        var check = _check.Check(request);
        if (!check.Succeeded)
        {
            return VerificationResult.Fail(check.Failure);
        }

        if (check.Timestamp is { } signedAt && !ReplayWindow.Contains(signedAt, request.Now, _replayWindow))
        {
            return VerificationResult.Fail(FailureCode.TimestampOutOfWindow);
        }

        if (_signedHandshake is not null && _signedHandshake.TryAnswer(request, check.SecretIndex, out answered))
        {
            return answered;
        }

        if (!_deliveryId.TryRead(request, out var deliveryId))
        {
            return VerificationResult.Fail(FailureCode.MalformedSignature);
        }

        return VerificationResult.Verified(deliveryId, check.Timestamp, check.SecretIndex);
    }
}
