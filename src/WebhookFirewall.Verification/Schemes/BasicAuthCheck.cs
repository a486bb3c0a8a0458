using System.Text;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Schemes;

/// <summary>
/// HTTP Basic authentication (RFC 7617) that the provider sends from the registered URL's user info: `Authorization:
/// Basic base64(user:password)`, compared as a whole, in constant time, to the configured user with each configured
/// password (Postmark). Like a token it proves who sent the request, not what it holds: the body is not covered.
/// </summary>
internal sealed class BasicAuthCheck : ISignatureCheck, IWebhookSigner
{
    private const string Header = "Authorization";

    // Basic credentials are a user and a password; anything longer is not a sender's, and is not decoded.
    private const int MaxCredentialsLength = 4096;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly string _firstCredentials;
    private readonly SecretTokens _credentials;

    public BasicAuthCheck(string username, IReadOnlyList<string> passwords)
    {
        var credentials = passwords.Select(password => $"{username}:{password}").ToArray();
        _firstCredentials = credentials.Length > 0 ? credentials[0] : string.Empty;
        _credentials = new SecretTokens(credentials);
    }

    public Coverage Covers => Coverage.None;

    public IReadOnlyList<string> CredentialHeaders { get; } = [Header];

    /// <summary>A user-id containing ':' cannot be sent in Basic credentials (RFC 7617 §2).</summary>
    public static void CheckUsername(string? username, ICollection<SettingProblem> problems)
    {
        if (username is not null && username.Contains(':', StringComparison.Ordinal))
        {
            problems.Add(new SettingProblem("Username", "contains ':', which Basic authentication cannot carry in a user name (RFC 7617 §2)"));
        }
    }

    public SignatureCheckResult Check(in WebhookRequest request)
    {
        if (!SignatureHeaders.TryGetSingle(request, Header, out var value, out var failure, "Basic credentials come from the URL registered with the provider: check that it holds the user name and password (https://user:password@host/path)."))
        {
            return failure;
        }

        if (!TryReadCredentials(value, out var presented))
        {
            return SignatureCheckResult.Fail(FailureCode.MalformedSignature, Reasons.NotInFormat(Header, "`Basic ` followed by the base64 of user:password"));
        }

        if (presented is null)
        {
            return SignatureCheckResult.Fail(FailureCode.InvalidSignature, $"`{Header}` carries Basic credentials that are not UTF-8 text, so they are none of the configured ones.");
        }

        var index = _credentials.IndexOf(presented);
        return index < 0
            ? SignatureCheckResult.Fail(FailureCode.InvalidSignature, Reasons.TokenMismatch($"`{Header}` (Basic user:password)", _credentials.Count))
            : SignatureCheckResult.Matched(index);
    }

    public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers) =>
        headers.Add(new(Header, "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(_firstCredentials))));

    /// <summary>False when the value is not `Basic` + base64 of `user:password`; <paramref name="credentials"/> null when they are not text.</summary>
    private static bool TryReadCredentials(string value, out string? credentials)
    {
        credentials = null;
        var text = value.AsSpan().Trim();
        var space = text.IndexOf(' ');
        if (space < 0 || !text[..space].Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var encoded = text[(space + 1)..].TrimStart(' ');
        if (encoded.IsEmpty || encoded.Length > MaxCredentialsLength)
        {
            return false;
        }

        var decoded = new byte[encoded.Length];
        if (!Convert.TryFromBase64Chars(encoded, decoded, out var written) || decoded.AsSpan(0, written).IndexOf((byte)':') < 0)
        {
            return false;
        }

        try
        {
            credentials = StrictUtf8.GetString(decoded, 0, written);
        }
        catch (DecoderFallbackException)
        {
            credentials = null;
        }

        return true;
    }
}
