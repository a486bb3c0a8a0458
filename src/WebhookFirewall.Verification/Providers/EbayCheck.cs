using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// eBay notifications: <see cref="EbaySignatureHeader"/> carries an ECDSA (P-256, SHA-1) signature over the body's
/// JavaScript re-serialisation (<see cref="JavaScriptJson"/>), as eBay's SDKs verify it, by the key its `kid` names
/// at eBay's Notification API, fetched with an application token got with the policy's ClientId and secret. The
/// body's values are covered, not its layout; the raw bytes are what is forwarded.
/// </summary>
internal sealed class EbayCheck : IAsyncSignatureCheck
{
    private const string TokenPath = "identity/v1/oauth2/token";
    private const string KeyPath = "commerce/notification/v1/public_key/";

    private static readonly TimeSpan KeyLifetime = TimeSpan.FromHours(24);

    private readonly KeySource _source;
    private readonly Uri _root;
    private readonly bool _loopback;
    private readonly ApiCredentials _credentials;
    private readonly string _tokenKey;

    private EbayCheck(KeySource source, Uri root, bool loopback, ApiCredentials credentials)
    {
        _source = source;
        _root = root;
        _loopback = loopback;
        _credentials = credentials;

        // The token belongs to these credentials: a policy with another secret for the same client gets its own.
        _tokenKey = string.Join(' ', KeyEndpoints.Append(root, TokenPath).OriginalString, credentials.ClientId, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(credentials.Secret))));
        Description = loopback ? $"eBay's public key from KeyEndpoint ({root.Authority})" : $"eBay's public key for the signature's key id (from {root.Host})";
    }

    public Coverage Covers => Coverage.Body;

    private string Description { get; }

    public static ISignatureCheck Create(ProviderSettings settings, ProviderEnvironment environment, ICollection<SettingProblem> problems)
    {
        var sandbox = EnvironmentSetting.IsSandbox(settings.Environment, problems);
        var (root, loopback) = KeyEndpoints.Resolve(settings.KeyEndpoint, new Uri(sandbox ? "https://api.sandbox.ebay.com/" : "https://api.ebay.com/"), problems);
        return new EbayCheck(new KeySource(environment, "ebay"), root, loopback, ApiCredentials.Read(settings, "ebay", problems));
    }

    public SignatureCheckResult Check(in WebhookRequest request)
    {
        if (Prepare(request, out var header, out var signed) is { } refused)
        {
            return refused;
        }

        return Judge(header!, signed!, _source.Cached(KeyUrl(header!.KeyId).OriginalString, Description));
    }

    public async ValueTask<SignatureCheckResult> CheckAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        if (Prepare(request, out var header, out var signed) is { } refused)
        {
            return refused;
        }

        var url = KeyUrl(header!.KeyId);
        var lookup = await _source.GetAsync(url.OriginalString, Description, source => FetchKeyAsync(source, url), refresh: false, cancellationToken).ConfigureAwait(false);
        return Judge(header, signed!, lookup);
    }

    private Uri KeyUrl(string keyId) => KeyEndpoints.Append(_root, KeyPath + keyId);

    private static SignatureCheckResult? Prepare(in WebhookRequest request, out EbaySignatureHeader? header, out byte[]? signed)
    {
        header = null;
        signed = null;
        if (!SignatureHeaders.TryGetSingle(request, EbaySignatureHeader.Name, out var value, out var failure))
        {
            return failure;
        }

        header = EbaySignatureHeader.TryParse(value);
        if (header is null)
        {
            return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.NotInFormat(EbaySignatureHeader.Name, "base64 of a JSON object naming alg ecdsa, digest SHA1, a key id and a base64 DER signature"));
        }

        signed = JavaScriptJson.TryReserialize(request.Body, out var problem);
        return signed is null
            ? SignatureCheckResult.Fail(FailureCode.MalformedSignature, $"the body is not JSON whose signed serialisation is the body's own meaning: {problem}.")
            : null;
    }

    /// <summary>The key, after the application token it is asked with (both shared by every request waiting: no caller's cancellation applies).</summary>
    private async Task<KeyLookup> FetchKeyAsync(KeySource source, Uri url)
    {
        var token = await source.GetAsync(_tokenKey, "eBay's application token", FetchTokenAsync, refresh: false, CancellationToken.None).ConfigureAwait(false);
        if (token.Value is not string accessToken)
        {
            return KeyLookup.Unavailable(token.Failure ?? "no application token");
        }

        var request = new KeyRequest(url, Description, _loopback) { Authorization = new AuthenticationHeaderValue("Bearer", accessToken) };
        return await source.FetchAsync(request, answer => EbayKey.TryRead(answer) is { } key
            ? KeyLookup.Of(key, KeyLifetime)
            : KeyLookup.Unavailable($"{Description} did not answer an ECDSA P-256 key with digest SHA1")).ConfigureAwait(false);
    }

    /// <summary>The client-credentials grant of eBay's OAuth client (eBay/ebay-oauth-nodejs-client src/index.js, getApplicationToken).</summary>
    private Task<KeyLookup> FetchTokenAsync(KeySource source)
    {
        var description = _loopback ? $"eBay's token endpoint at KeyEndpoint ({_root.Authority})" : $"eBay's token endpoint ({_root.Host})";
        var request = new KeyRequest(KeyEndpoints.Append(_root, TokenPath), description, _loopback)
        {
            Method = HttpMethod.Post,
            Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(_credentials.ClientId + ":" + _credentials.Secret))),
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", "https://api.ebay.com/oauth/api_scope")]),
        };
        return source.FetchAsync(request, answer => ReadToken(answer, description));
    }

    private static KeyLookup ReadToken(byte[] answer, string description)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("access_token", out var token) && token.ValueKind == JsonValueKind.String
                && token.GetString() is { Length: > 0 } accessToken && root.TryGetProperty("expires_in", out var expires) && expires.TryGetInt64(out var seconds))
            {
                // Renewed five minutes before eBay says it expires, kept at least a minute and at most two hours.
                return KeyLookup.Of(accessToken, TimeSpan.FromSeconds(Math.Clamp(seconds - 300, 60, 7200)));
            }
        }
        catch (JsonException)
        {
        }

        return KeyLookup.Unavailable($"{description} did not answer an access token (check ClientId and the secret)");
    }

    private SignatureCheckResult Judge(EbaySignatureHeader header, byte[] signed, KeyLookup lookup)
    {
        if (lookup.Value is not EbayKey key)
        {
            return SignatureCheckResult.Fail(FailureCode.KeyUnavailable, $"{lookup.Failure}: eBay's key is needed to verify the notification, and eBay retries it.");
        }

        if (!key.Verify(signed, header.Signature))
        {
            return SignatureCheckResult.Fail(FailureCode.InvalidSignature, $"`{EbaySignatureHeader.Name}` is well-formed but is not eBay's signature over the body's JSON ({Reasons.Bytes(signed.Length)} once serialised as eBay does): it was changed, or not sent by eBay.");
        }

        _source.MarkVerified(KeyUrl(header.KeyId).OriginalString);
        return SignatureCheckResult.Matched(0);
    }
}
