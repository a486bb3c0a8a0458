using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// JWS compact tokens (Google's OIDC token, Plaid's `Plaid-Verification`) checked by Microsoft.IdentityModel's
/// <see cref="JsonWebTokenHandler"/>, never by a parser of our own. The header is read first only to pick the key
/// by `kid` and to refuse any `alg` but the provider's before a key is sought; the handler then verifies with that
/// one key and that one algorithm. Lifetimes are the caller's to check, against the request's clock (the handler
/// would read the machine's).
/// </summary>
internal static class SignedTokens
{
    /// <summary>Provider tokens are well under a kilobyte; a header of this size is not one.</summary>
    public const int MaxLength = 8 * 1024;

    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    /// <summary>The token's `alg` and `kid`, unverified; false unless it is a compact JWS the handler can read.</summary>
    public static bool TryReadHeader(string token, out string algorithm, out string keyId)
    {
        algorithm = keyId = string.Empty;
        if (token.Length > MaxLength || token.AsSpan().Count('.') != 2)
        {
            return false;
        }

        try
        {
            var parsed = Handler.ReadJsonWebToken(token);
            algorithm = parsed.Alg ?? string.Empty;
            keyId = parsed.Kid ?? string.Empty;

            // RFC 7515 4.1.11: a token whose "crit" names extensions the recipient does not implement is refused;
            // the providers' tokens use none, and the handler would ignore them.
            return !parsed.TryGetHeaderValue<object>("crit", out _);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException)
        {
            return false;
        }
    }

    /// <summary>
    /// Validates <paramref name="token"/> with <paramref name="parameters"/> (naming the one algorithm, lifetime
    /// not validated) and <paramref name="key"/>. Without a configuration manager the handler does no I/O, so its
    /// task is complete when it returns.
    /// </summary>
    public static TokenValidationResult Validate(string token, TokenValidationParameters parameters, SecurityKey key)
    {
        var validation = parameters.Clone();
        validation.IssuerSigningKey = key;
        return Handler.ValidateTokenAsync(token, validation).GetAwaiter().GetResult();
    }

    /// <summary>The base of every provider's parameters: signed, with exactly <paramref name="algorithm"/>, with one key, lifetime left to the caller.</summary>
    public static TokenValidationParameters Parameters(string algorithm) => new()
    {
        ValidAlgorithms = [algorithm],
        RequireSignedTokens = true,
        TryAllIssuerSigningKeys = false,
        ValidateIssuerSigningKey = false,
        ValidateLifetime = false,
        RequireExpirationTime = false,
        ValidateIssuer = false,
        ValidateAudience = false,
        ValidateTokenReplay = false,
    };

    /// <summary>What a failed validation was, for the reason and its code.</summary>
    public static (FailureCode Code, string What) Classify(Exception? failure) => failure switch
    {
        SecurityTokenInvalidIssuerException => (FailureCode.InvalidSignature, "was issued by someone else"),
        SecurityTokenInvalidAudienceException => (FailureCode.InvalidSignature, "is for another audience"),
        SecurityTokenInvalidAlgorithmException => (FailureCode.MalformedSignature, "names another algorithm"),
        SecurityTokenMalformedException or SecurityTokenInvalidTypeException => (FailureCode.MalformedSignature, "is not a well-formed token"),
        _ => (FailureCode.InvalidSignature, "is not signed by the provider's key"),
    };
}
