using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// Netlify deploy notifications ("HTTP Post Request", docs.netlify.com/deploy/deploy-notifications, "Payload
/// signature"): `X-Webhook-Signature` is a JWS, HS256 with the JWS secret token, whose claims are `iss` = `netlify`
/// and `sha256` = the hex SHA-256 of the body. The token is checked by Microsoft.IdentityModel's JsonWebTokenHandler
/// with the algorithm pinned to HS256, then the claim against the body. Netlify signs no time: a captured
/// notification verifies forever, and only the idempotency record (by content) refuses it again.
/// </summary>
/// <remarks>
/// Secrets shorter than 32 bytes are refused at configuration: RFC 7518 §3.2 requires an HS256 key at least as long
/// as the hash, and the JWT library enforces it. Netlify accepts any secret, so such a secret is changed there,
/// rather than checked here by a hand-made HMAC that would accept a weak key the library refuses.
/// </remarks>
internal static class Netlify
{
    private const string Header = "X-Webhook-Signature";
    private const string Issuer = "netlify";
    private const string BodyHashClaim = "sha256";
    private const int MinimumKeyBytes = 32;

    // A JWS with two short claims is a few hundred characters.
    private const int MaxTokenLength = 8192;

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static ProviderDefinition Definition { get; } = new()
    {
        Name = "netlify",
        Summary = $"{Header}: JWS HS256 (JWS secret token, at least 32 bytes) with iss = netlify and sha256 = hex(SHA-256(body))",
        Check = (settings, problems) =>
        {
            var keys = SigningKeys.Decode(settings.Secrets, SecretDecoding.Utf8, problems);
            for (var i = 0; i < keys.Length; i++)
            {
                if (keys[i].Length is > 0 and < MinimumKeyBytes)
                {
                    problems.Add(new SettingProblem($"Secrets:{i}", $"is shorter than {MinimumKeyBytes} bytes: an HS256 key must be at least as long as its hash (RFC 7518 §3.2), and the JWT library refuses a shorter one; set a longer JWS secret token at Netlify"));
                }
            }

            return new NetlifySignatureCheck(keys);
        },
    };

    private sealed class NetlifySignatureCheck : ISignatureCheck, IWebhookSigner
    {
        private readonly SymmetricSecurityKey[] _keys;
        private readonly TokenValidationParameters _parameters;

        public NetlifySignatureCheck(byte[][] keys)
        {
            _keys = keys.Select(key => new SymmetricSecurityKey(key)).ToArray();
            _parameters = new TokenValidationParameters
            {
                ValidIssuer = Issuer,
                ValidateAudience = false,
                // Netlify documents no exp; one that is present is checked below against the request's clock.
                ValidateLifetime = false,
                RequireExpirationTime = false,
                RequireSignedTokens = true,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                IssuerSigningKeys = _keys,
                TryAllIssuerSigningKeys = true,
            };
        }

        public Coverage Covers => Coverage.Body;

        public SignatureCheckResult Check(in WebhookRequest request)
        {
            if (!SignatureHeaders.TryGetSingle(request, Header, out var token, out var failure, "Netlify signs a notification only when the webhook has a JWS secret token."))
            {
                return failure;
            }

            if (token.Length > MaxTokenLength || !Handler.CanReadToken(token))
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.NotInFormat(Header, "a compact JWS: three base64url parts joined by '.'"));
            }

            var validation = Validate(token);
            if (!validation.IsValid)
            {
                return SignatureCheckResult.Fail(Code(validation.Exception), Explain(validation.Exception));
            }

            var jwt = (JsonWebToken)validation.SecurityToken;
            if (!jwt.TryGetPayloadValue<string>(BodyHashClaim, out var claimed) || claimed is null)
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, $"`{Header}` is signed with the configured secret but has no {BodyHashClaim} claim: nothing binds it to the body.");
            }

            Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
            Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(request.Body.Span, expected);
            if (!SignatureDecoder.TryDecode(claimed, SignatureEncoding.Hex, presented, SHA256.HashSizeInBytes))
            {
                return SignatureCheckResult.Fail(FailureCode.MalformedSignature, $"the {BodyHashClaim} claim of `{Header}` is not 64 hex digits.");
            }

            if (!CryptographicOperations.FixedTimeEquals(expected, presented))
            {
                return SignatureCheckResult.Fail(FailureCode.InvalidSignature, $"`{Header}` is signed with the configured secret, but its {BodyHashClaim} claim is not the SHA-256 of the {Reasons.Bytes(request.Body.Length)} received: the body was changed on the way.");
            }

            if (Expired(jwt, request.Now))
            {
                return SignatureCheckResult.Fail(FailureCode.TimestampOutOfWindow, $"`{Header}` carries an exp or nbf claim and the request's time is outside it.");
            }

            return SignatureCheckResult.Matched(Array.IndexOf(_keys, jwt.SigningKey));
        }

        /// <summary>
        /// The library validates without throwing; anything it still throws on is input it cannot read. Its synchronous
        /// ValidateToken is obsolete; with fixed keys and no configuration to fetch, the asynchronous one completes
        /// before it returns, so waiting on it blocks nothing.
        /// </summary>
        private TokenValidationResult Validate(string token)
        {
            try
            {
                return Handler.ValidateTokenAsync(token, _parameters).GetAwaiter().GetResult();
            }
            catch (Exception exception) when (exception is ArgumentException or SecurityTokenException or FormatException or System.Text.Json.JsonException)
            {
                return new TokenValidationResult { IsValid = false, Exception = exception };
            }
        }

        private static FailureCode Code(Exception? exception) => exception switch
        {
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException or SecurityTokenInvalidIssuerException
                or SecurityTokenInvalidAlgorithmException => FailureCode.InvalidSignature,
            _ => FailureCode.MalformedSignature,
        };

        private string Explain(Exception? exception) => exception switch
        {
            SecurityTokenInvalidAlgorithmException => $"`{Header}` is not signed with HS256, the only algorithm Netlify uses: such a token is refused whatever it carries.",
            SecurityTokenInvalidIssuerException => $"`{Header}` is signed with the configured secret but its iss is not {Issuer}.",
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException =>
                $"`{Header}` is a well-formed HS256 JWS but {(_keys.Length == 1 ? "the configured secret does not" : $"none of the {_keys.Length} configured secrets does")} produce its signature: check the JWS secret token of this notification at Netlify.",
            _ => Reasons.NotInFormat(Header, "a compact JWS whose header and claims are JSON"),
        };

        private static bool Expired(JsonWebToken jwt, DateTimeOffset now)
        {
            var seconds = now.ToUnixTimeSeconds();
            return (jwt.TryGetPayloadValue<long>("exp", out var expires) && seconds >= expires)
                || (jwt.TryGetPayloadValue<long>("nbf", out var notBefore) && seconds < notBefore);
        }

        /// <summary>As Netlify signs: HS256, claims iss and sha256 only.</summary>
        public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
        {
            var token = Handler.CreateToken(new SecurityTokenDescriptor
            {
                Claims = new Dictionary<string, object>
                {
                    ["iss"] = Issuer,
                    [BodyHashClaim] = Convert.ToHexStringLower(SHA256.HashData(input.Body)),
                },
                SigningCredentials = new SigningCredentials(_keys[0], SecurityAlgorithms.HmacSha256),
            });
            headers.Add(new(Header, token));
        }
    }
}
