using System.Globalization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Google Cloud Pub/Sub push: `Authorization: Bearer` a Google-signed OIDC token — RS256 only, by a key of Google's
/// JWKS chosen by `kid`, issued by accounts.google.com, for `Audience`, of the push subscription's service account
/// (`email` = ServiceAccountEmail, `email_verified` true), not expired at the request's clock. The token names the
/// sender, not the message: it covers neither the body nor a delivery id, and Google reuses one token for many
/// pushes within its hour.
/// </summary>
internal sealed class GooglePubSubCheck : IAsyncSignatureCheck
{
    public const string Header = "Authorization";
    public const string Algorithm = SecurityAlgorithms.RsaSha256;

    /// <summary>google-auth-library-python, google/oauth2/id_token.py: the issuers Google's ID tokens carry.</summary>
    private static readonly string[] Issuers = ["accounts.google.com", "https://accounts.google.com"];

    private static readonly Uri GoogleKeys = new("https://www.googleapis.com/oauth2/v3/certs");
    private static readonly TimeSpan KeysLifetime = TimeSpan.FromHours(1);

    /// <summary>
    /// How far the clocks of Google and of the firewall may differ at either end of a token's lifetime: the same
    /// five minutes as the default replay window elsewhere.
    /// </summary>
    private static readonly TimeSpan Skew = ReplayWindow.Default;

    private readonly KeySource _source;
    private readonly KeyRequest _keys;
    private readonly string _email;
    private readonly TokenValidationParameters _parameters;

    private GooglePubSubCheck(KeySource source, KeyRequest keys, string audience, string email)
    {
        _source = source;
        _keys = keys;
        _email = email;
        _parameters = SignedTokens.Parameters(Algorithm);
        _parameters.ValidateIssuer = true;
        _parameters.ValidIssuers = Issuers;
        _parameters.ValidateAudience = true;
        _parameters.ValidAudience = audience;
    }

    public Coverage Covers => Coverage.None;

    public IReadOnlyList<string> CredentialHeaders { get; } = [Header];

    public static ISignatureCheck Create(ProviderSettings settings, ProviderEnvironment environment, ICollection<SettingProblem> problems)
    {
        var (url, local) = KeyEndpoints.Resolve(settings.KeyEndpoint, GoogleKeys, problems);
        var keys = new KeyRequest(url, local ? $"the JWKS at KeyEndpoint ({url.Authority})" : $"Google's JWKS ({url})", AllowPlainHttp: local);

        return new GooglePubSubCheck(new KeySource(environment, "google-pubsub"), keys, settings.Audience ?? string.Empty, settings.ServiceAccountEmail ?? string.Empty);
    }

    public SignatureCheckResult Check(in WebhookRequest request)
    {
        if (Read(request, out var token, out var keyId) is { } refused)
        {
            return refused;
        }

        var lookup = _source.Cached(Url, _keys.Description);
        if (lookup.Value is not JsonWebKeys keys)
        {
            return Unavailable(lookup.Failure);
        }

        return keys.Find(keyId) is { } key
            ? Judge(request, token, key)
            : Unavailable("the token's key id is not among Google's cached keys, which are fetched again only when the request is verified asynchronously");
    }

    public async ValueTask<SignatureCheckResult> CheckAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        if (Read(request, out var token, out var keyId) is { } refused)
        {
            return refused;
        }

        var lookup = await _source.GetAsync(Url, _keys.Description, FetchAsync, refresh: false, cancellationToken).ConfigureAwait(false);
        if (lookup.Value is JsonWebKeys { } held && held.Find(keyId) is null)
        {
            // Google rotates its keys: a new kid is worth one more look, at most once a minute.
            lookup = await _source.GetAsync(Url, _keys.Description, FetchAsync, refresh: true, cancellationToken).ConfigureAwait(false);
        }

        if (lookup.Value is not JsonWebKeys keys)
        {
            return Unavailable(lookup.Failure);
        }

        return keys.Find(keyId) is { } key
            ? Judge(request, token, key)
            : SignatureCheckResult.Fail(FailureCode.InvalidSignature, "the `Authorization` token names a key id that is not one of Google's current signing keys: it was not signed by Google.");
    }

    private string Url => _keys.Url.OriginalString;

    private static SignatureCheckResult Unavailable(string? failure) =>
        SignatureCheckResult.Fail(FailureCode.KeyUnavailable, $"{failure}: Google's signing keys are needed to verify the push, and Pub/Sub retries it.");

    private static SignatureCheckResult? Read(in WebhookRequest request, out string token, out string keyId)
    {
        token = keyId = string.Empty;
        var header = request.Headers.Get(Header);
        switch (header.Presence)
        {
            case HeaderPresence.Missing:
                return SignatureCheckResult.Fail(FailureCode.MissingSignature, $"`{Header}` is absent: the push carries no token. Check that the push subscription has authentication enabled, with this policy's service account and audience.");
            case HeaderPresence.Multiple:
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.Repeated(Header));
        }

        var value = header.Value!;
        if (!value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || !SignedTokens.TryReadHeader(token = value["Bearer ".Length..], out var algorithm, out keyId) || keyId.Length == 0)
        {
            return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.NotInFormat(Header, "Bearer followed by a signed JWT naming its key id"));
        }

        return algorithm == Algorithm
            ? null
            : SignatureCheckResult.Fail(FailureCode.MalformedSignature, $"the `{Header}` token is not signed with {Algorithm}, the only algorithm Google's push tokens use.");
    }

    private Task<KeyLookup> FetchAsync(KeySource source) => source.FetchAsync(_keys, body =>
        JsonWebKeys.TryRead(body, JsonWebAlgorithmsKeyTypes.RSA, Algorithm) is { } keys
            ? KeyLookup.Of(keys, KeysLifetime)
            : KeyLookup.Unavailable($"{_keys.Description} did not answer a JWKS of RSA signing keys"));

    private SignatureCheckResult Judge(in WebhookRequest request, string token, JsonWebKey key)
    {
        var result = SignedTokens.Validate(token, _parameters, key);
        if (!result.IsValid)
        {
            var (code, what) = SignedTokens.Classify(result.Exception);
            return SignatureCheckResult.Fail(code, $"the `{Header}` token {what}: check Audience against the push subscription's audience (by default its push endpoint URL).");
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        if (!jwt.TryGetPayloadValue<long>("exp", out var exp))
        {
            return SignatureCheckResult.Fail(FailureCode.MalformedSignature, $"the `{Header}` token has no expiry (exp).");
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(exp, 0, Timestamps.MaxUnixSeconds));
        var issued = jwt.TryGetPayloadValue<long>("iat", out var iat) ? DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(iat, 0, Timestamps.MaxUnixSeconds)) : (DateTimeOffset?)null;
        if (request.Now > expires + Skew || (issued is { } at && at > request.Now + Skew))
        {
            return SignatureCheckResult.Fail(FailureCode.TimestampOutOfWindow, $"the `{Header}` token is valid from {Format(issued)} to {Format(expires)}, not at the firewall's clock ({Format(request.Now)}): check the clock, or this is a replay.");
        }

        if (!jwt.TryGetPayloadValue<string>("email", out var email) || !string.Equals(email, _email, StringComparison.OrdinalIgnoreCase))
        {
            return SignatureCheckResult.Fail(FailureCode.InvalidSignature, $"the `{Header}` token is Google's, but for another service account than ServiceAccountEmail: anyone can create a push subscription to this URL, so only the configured account is accepted.");
        }

        // A JSON true, as Google writes it: a string "true" is not one.
        if (!jwt.TryGetPayloadValue<object>("email_verified", out var verified) || verified is not true)
        {
            return SignatureCheckResult.Fail(FailureCode.InvalidSignature, $"the `{Header}` token's email is not verified (email_verified is not true).");
        }

        _source.MarkVerified(Url);
        return SignatureCheckResult.Matched(0);
    }

    private static string Format(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "(no iat)";
}
