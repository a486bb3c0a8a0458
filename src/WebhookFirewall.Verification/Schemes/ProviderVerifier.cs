using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Schemes;

/// <summary>
/// The one verification flow every provider shares: unsigned handshake, signature, replay window, signed handshake,
/// delivery id. Providers differ only in the parts their declaration plugs in.
/// </summary>
internal sealed class ProviderVerifier : IWebhookVerifier
{
    private const int MaxClaimedIdLength = 128;

    private readonly ISignatureCheck _check;
    private readonly IAsyncSignatureCheck? _asyncCheck;
    private readonly TimeSpan _replayWindow;
    private readonly DeliveryIdSource _deliveryId;
    private readonly IHandshake? _unsignedHandshake;
    private readonly IHandshake? _signedHandshake;
    private readonly bool _idIsSigned;

    public ProviderVerifier(ProviderDefinition definition, ProviderSettings settings, ISignatureCheck check)
    {
        Info = definition.Info;
        _check = check;
        _asyncCheck = check as IAsyncSignatureCheck;
        _replayWindow = settings.ReplayWindow;
        _deliveryId = definition.DeliveryIdFor(settings);
        _unsignedHandshake = definition.UnsignedHandshake?.Invoke(settings);
        // A check that is itself a handshake answers the signed one (AWS SNS: confirming needs the check's fetcher).
        _signedHandshake = definition.SignedHandshake?.Invoke(settings) ?? check as IHandshake;
        _idIsSigned = _deliveryId.IsCoveredBy(check);
        DefaultKeyKind = _idIsSigned || check.Covers.HasFlag(Coverage.Timestamp)
            ? IdempotencyKeyKind.DeliveryId
            : IdempotencyKeyKind.Content;
        Signer = check is IWebhookSigner signer ? new IdHeaderSigner(signer, _deliveryId.HeaderName) : null;
    }

    public string Provider => Info.Name;

    public ProviderInfo Info { get; }

    public IdempotencyKeyKind DefaultKeyKind { get; }

    public string DeliveryIdDescription => _deliveryId.Description;

    public bool SignsTimestamp => _check.Covers.HasFlag(Coverage.Timestamp);

    public IReadOnlyList<string> CredentialHeaders => _check.CredentialHeaders;

    public string? CredentialQueryParameter => (_check as QueryTokenCheck)?.Parameter;

    public IWebhookSigner? Signer { get; }

    internal DeliveryIdSource DeliveryId => _deliveryId;

    public string? ClaimedDeliveryId(in WebhookRequest request)
    {
        if (_deliveryId.HeaderName is null || !_deliveryId.TryRead(request, out var id) || id is null)
        {
            return null;
        }

        return id.Length > MaxClaimedIdLength ? id[..MaxClaimedIdLength] : id;
    }

    public VerificationResult Verify(in WebhookRequest request)
    {
        if (_unsignedHandshake is not null && _unsignedHandshake.TryAnswer(request, -1, out var answered))
        {
            return answered;
        }

        return Conclude(request, _check.Check(request));
    }

    public ValueTask<VerificationResult> VerifyAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        if (_unsignedHandshake is not null && _unsignedHandshake.TryAnswer(request, -1, out var answered))
        {
            return ValueTask.FromResult(answered);
        }

        if (_asyncCheck is null && _signedHandshake is not IAsyncHandshake)
        {
            return ValueTask.FromResult(Conclude(request, _check.Check(request)));
        }

        return ConcludeAsync(request, _asyncCheck?.CheckAsync(request, cancellationToken) ?? ValueTask.FromResult(_check.Check(request)), cancellationToken);
    }

    private async ValueTask<VerificationResult> ConcludeAsync(WebhookRequest request, ValueTask<SignatureCheckResult> pending, CancellationToken cancellationToken)
    {
        var check = await pending.ConfigureAwait(false);
        if (Refusal(request, check) is { } refused)
        {
            return refused;
        }

        if (_signedHandshake is IAsyncHandshake handshake)
        {
            return await handshake.TryAnswerAsync(request, check.SecretIndex, cancellationToken).ConfigureAwait(false) ?? Delivered(request, check);
        }

        return Conclude(request, check);
    }

    private VerificationResult Conclude(in WebhookRequest request, SignatureCheckResult check)
    {
        if (Refusal(request, check) is { } refused)
        {
            return refused;
        }

        if (_signedHandshake is not null && _signedHandshake.TryAnswer(request, check.SecretIndex, out var answered))
        {
            return answered;
        }

        return Delivered(request, check);
    }

    /// <summary>The failure of a check that failed, or of a signed timestamp outside the window; null otherwise.</summary>
    private VerificationResult? Refusal(in WebhookRequest request, SignatureCheckResult check)
    {
        if (!check.Succeeded)
        {
            return check.ToFailure();
        }

        if (check.Timestamp is { } signedAt && !ReplayWindow.Contains(signedAt, request.Now, _replayWindow))
        {
            return VerificationResult.Fail(FailureCode.TimestampOutOfWindow, Reasons.OutsideWindow(signedAt, request.Now, _replayWindow), signedAt);
        }

        return null;
    }

    private VerificationResult Delivered(in WebhookRequest request, SignatureCheckResult check)
    {
        if (!_deliveryId.TryRead(request, out var deliveryId))
        {
            return VerificationResult.Fail(FailureCode.MalformedSignature, Reasons.Repeated(_deliveryId.HeaderName ?? _deliveryId.Description));
        }

        // A scheme that signs a timestamp only in some versions (HubSpot v1/v2 sign none) must not trust an unsigned id
        // on a request that came without one: nothing would then bound its replay with a fresh id.
        var keyKind = _idIsSigned || check.Timestamp is not null ? IdempotencyKeyKind.DeliveryId : IdempotencyKeyKind.Content;
        return VerificationResult.Verified(deliveryId, check.Timestamp, check.SecretIndex, check.SignedUrl, keyKind);
    }

    /// <summary>The check's headers, plus the delivery id header the provider also sends when the check did not add it.</summary>
    private sealed class IdHeaderSigner(IWebhookSigner inner, string? idHeader) : IWebhookSigner
    {
        public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
        {
            inner.Sign(input, headers);
            if (idHeader is not null && !headers.Any(h => string.Equals(h.Key, idHeader, StringComparison.OrdinalIgnoreCase)))
            {
                headers.Add(new(idHeader, input.DeliveryId));
            }
        }
    }
}
