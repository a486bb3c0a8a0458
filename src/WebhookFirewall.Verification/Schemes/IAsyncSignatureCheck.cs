namespace WebhookFirewall.Verification.Schemes;

/// <summary>
/// A check that may need key material from the provider (a certificate, a JWKS, a key API). Its synchronous
/// <see cref="ISignatureCheck.Check"/> uses only what is already held and fails as key_unavailable otherwise.
/// </summary>
internal interface IAsyncSignatureCheck : ISignatureCheck
{
    ValueTask<SignatureCheckResult> CheckAsync(WebhookRequest request, CancellationToken cancellationToken);
}
