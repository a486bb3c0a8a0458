using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Plaid: `Plaid-Verification` is a JWT, ES256 only (refused otherwise before any key is sought), whose `kid` names
/// a key got from Plaid's `/webhook_verification_key/get` with the policy's `ClientId` and API secret; checked by
/// Microsoft.IdentityModel's handler. Its claims are only `iat` — the signed timestamp, held to the replay window
/// (Plaid asks for at most five minutes) — and `request_body_sha256`, the hex SHA-256 of the exact body bytes,
/// compared in constant time. No exp, iss or aud is checked: Plaid's tokens carry none. A key Plaid marks with a
/// past `expired_at` verifies nothing.
/// </summary>
internal sealed class PlaidCheck : IAsyncSignatureCheck
{
    public const string Header = "Plaid-Verification";
    public const string Algorithm = SecurityAlgorithms.EcdsaSha256;

    private const int MaxKeyIdLength = 128;

    private static readonly TimeSpan KeyLifetime = TimeSpan.FromHours(1);

    private static readonly TokenValidationParameters Parameters = SignedTokens.Parameters(Algorithm);

    private readonly KeySource _source;
    private readonly Uri _endpoint;
    private readonly bool _loopback;
    private readonly string _description;
    private readonly ApiCredentials _credentials;

    private PlaidCheck(KeySource source, Uri endpoint, bool loopback, ApiCredentials credentials)
    {
        _source = source;
        _endpoint = endpoint;
        _loopback = loopback;
        _description = loopback ? $"Plaid's verification key from KeyEndpoint ({endpoint.Authority})" : $"Plaid's verification key ({endpoint})";
        _credentials = credentials;
    }

    public Coverage Covers => Coverage.Body | Coverage.Timestamp;

    public static ISignatureCheck Create(ProviderSettings settings, ProviderEnvironment environment, ICollection<SettingProblem> problems)
    {
        var sandbox = EnvironmentSetting.IsSandbox(settings.Environment, problems);
        var (endpoint, loopback) = KeyEndpoints.Resolve(settings.KeyEndpoint, new Uri(sandbox ? "https://sandbox.plaid.com/webhook_verification_key/get" : "https://production.plaid.com/webhook_verification_key/get"), problems);
        return new PlaidCheck(new KeySource(environment, "plaid"), endpoint, loopback, ApiCredentials.Read(settings, "plaid", problems));
    }

    public SignatureCheckResult Check(in WebhookRequest request)
    {
        if (Read(request, out var token, out var keyId) is { } refused)
        {
            return refused;
        }

        return Judge(request, token, keyId, _source.Cached(CacheKey(keyId), _description));
    }

    public async ValueTask<SignatureCheckResult> CheckAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        if (Read(request, out var token, out var keyId) is { } refused)
        {
            return refused;
        }

        var lookup = await _source.GetAsync(CacheKey(keyId), _description, source => FetchAsync(source, keyId), refresh: false, cancellationToken).ConfigureAwait(false);
        return Judge(request, token, keyId, lookup);
    }

    /// <summary>Per client id as well as key id: a key one Plaid client may fetch proves nothing to another's policy.</summary>
    private string CacheKey(string keyId) => string.Join(' ', _endpoint.OriginalString, _credentials.ClientId, keyId);

    private static SignatureCheckResult? Read(in WebhookRequest request, out string token, out string keyId)
    {
        token = keyId = string.Empty;
        if (!SignatureHeaders.TryGetSingle(request, Header, out token, out var failure))
        {
            return failure;
        }

        if (!SignedTokens.TryReadHeader(token, out var algorithm, out keyId) || keyId.Length is 0 or > MaxKeyIdLength)
        {
            return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.NotInFormat(Header, "a signed JWT naming its key id"));
        }

        return algorithm == Algorithm
            ? null
            : SignatureCheckResult.Fail(FailureCode.MalformedSignature, $"`{Header}` is not signed with {Algorithm}, the only algorithm Plaid uses (refused before any key is looked up).");
    }

    private Task<KeyLookup> FetchAsync(KeySource source, string keyId)
    {
        var body = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("client_id", _credentials.ClientId);
            writer.WriteString("secret", _credentials.Secret);
            writer.WriteString("key_id", keyId);
            writer.WriteEndObject();
        }

        var content = new ByteArrayContent(body.WrittenSpan.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new KeyRequest(_endpoint, _description, _loopback) { Method = HttpMethod.Post, Content = content };
        return source.FetchAsync(request, answer => PlaidKey.TryRead(answer, keyId) is { } key
            ? KeyLookup.Of(key, KeyLifetime)
            : KeyLookup.Unavailable($"{_description} did not answer an EC P-256 key for the token's key id"));
    }

    private SignatureCheckResult Judge(in WebhookRequest request, string token, string keyId, KeyLookup lookup)
    {
        if (lookup.Value is not PlaidKey key)
        {
            return SignatureCheckResult.Fail(FailureCode.KeyUnavailable, $"{lookup.Failure}: the key is needed to verify the webhook (check ClientId and the API secret if Plaid refuses them).");
        }

        if (key.ExpiredAt is { } expiredAt && expiredAt <= request.Now)
        {
            return SignatureCheckResult.Fail(FailureCode.InvalidSignature, $"the key `{Header}` names was retired by Plaid at {expiredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}: it signs nothing since.");
        }

        var result = SignedTokens.Validate(token, Parameters, key.Key);
        if (!result.IsValid)
        {
            var (code, what) = SignedTokens.Classify(result.Exception);
            return SignatureCheckResult.Fail(code, $"`{Header}` {what}.");
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        if (!jwt.TryGetPayloadValue<long>("iat", out var iat) || iat is < 0 or > Timestamps.MaxUnixSeconds)
        {
            return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.SignedPartMissing(Header, "its iat, the signed timestamp"));
        }

        Span<byte> claimed = stackalloc byte[SHA256.HashSizeInBytes];
        if (!jwt.TryGetPayloadValue<string>("request_body_sha256", out var hex) || !SignatureDecoder.TryDecode(hex, SignatureEncoding.Hex, claimed, claimed.Length))
        {
            return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.SignedPartMissing(Header, "its request_body_sha256, 64 hex digits"));
        }

        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(request.Body.Span, actual);
        if (!CryptographicOperations.FixedTimeEquals(claimed, actual))
        {
            return SignatureCheckResult.Fail(FailureCode.InvalidSignature, $"`{Header}` is Plaid's, for another body than the {Reasons.Bytes(request.Body.Length)} received: Plaid hashes the exact bytes it sent (two-space indented JSON), so nothing in front of the firewall may re-encode them.");
        }

        _source.MarkVerified(CacheKey(keyId));
        return SignatureCheckResult.Matched(0, DateTimeOffset.FromUnixTimeSeconds(iat));
    }
}
