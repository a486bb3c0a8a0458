namespace WebhookFirewall.Verification.Schemes;

/// <summary>The provider-specific part of verification: is this request signed by one of our secrets?</summary>
internal interface ISignatureCheck
{
    /// <summary>What a matching signature proves unchanged.</summary>
    Coverage Covers { get; }

    /// <summary>The id header inside the signed content, when there is one (Twitch, Standard Webhooks, generic `{id}`).</summary>
    string? SignedIdHeader => null;

    /// <summary>Headers (or, with settings, other places) that carry a credential as is; none for MAC schemes.</summary>
    IReadOnlyList<string> CredentialHeaders => [];

    SignatureCheckResult Check(in WebhookRequest request);
}
