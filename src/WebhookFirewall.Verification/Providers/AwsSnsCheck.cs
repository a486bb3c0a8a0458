using System.Collections.Frozen;
using System.Security.Cryptography;
using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Providers.Handshakes;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// AWS SNS: RSA PKCS#1 v1.5 over the message's signed members (<see cref="SnsMessage.StringToSign"/>), SHA-1 for
/// SignatureVersion 1 and SHA-256 for 2, by the certificate at `SigningCertURL`. Before any certificate is looked up
/// everything else is checked: the message's shape, its TopicArn among the policy's, and the URL being the topic's
/// region's SNS certificate URL. The body's Timestamp is signed and held to the replay window; its MessageId is
/// signed, and SNS keeps it across retries.
/// </summary>
internal sealed class AwsSnsCheck : IAsyncSignatureCheck, IAsyncHandshake
{
    /// <summary>RSA 4096 at most: the longest signature worth decoding.</summary>
    private const int MaxSignatureBytes = 512;

    private readonly FrozenSet<string> _topics;
    private readonly CertificateKeys _certificates;
    private readonly SnsSubscriptionConfirmation _confirmation;

    private AwsSnsCheck(FrozenSet<string> topics, CertificateKeys certificates, SnsSubscriptionConfirmation confirmation)
    {
        _topics = topics;
        _certificates = certificates;
        _confirmation = confirmation;
    }

    public Coverage Covers => Coverage.Timestamp | Coverage.DeliveryId;

    public static ISignatureCheck Create(ProviderSettings settings, ProviderEnvironment environment, ICollection<SettingProblem> problems)
    {
        for (var i = 0; i < settings.TopicArns.Count; i++)
        {
            if (SnsTopic.TryParse(settings.TopicArns[i]) is null)
            {
                problems.Add(new SettingProblem($"TopicArns:{i}", "is not an SNS topic ARN (arn:aws:sns:<region>:<12-digit account>:<topic name>)"));
            }
        }

        var source = new KeySource(environment, "aws-sns");
        var certificates = CertificateKeys.Create(
            settings.SigningCertificates,
            source,
            "sns.amazonaws.com",
            SnsTopic.IsAnyCertificateUrl,
            "https://sns.<region>.amazonaws.com/SimpleNotificationService-<32 hex digits>.pem",
            problems);
        return new AwsSnsCheck(settings.TopicArns.ToFrozenSet(StringComparer.Ordinal), certificates, new SnsSubscriptionConfirmation(source));
    }

    public SignatureCheckResult Check(in WebhookRequest request)
    {
        if (Prepare(request, out var signed) is { } refused)
        {
            return refused;
        }

        return Verify(request, signed, _certificates.Find(signed.Message.SigningCertUrl!, signed.Description));
    }

    public async ValueTask<SignatureCheckResult> CheckAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        if (Prepare(request, out var signed) is { } refused)
        {
            return refused;
        }

        var found = await _certificates.FindAsync(new Uri(signed.Message.SigningCertUrl!), signed.Description, cancellationToken).ConfigureAwait(false);
        return Verify(request, signed, found);
    }

    public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result) =>
        _confirmation.TryAnswer(request, secretIndex, out result);

    public ValueTask<VerificationResult?> TryAnswerAsync(WebhookRequest request, int secretIndex, CancellationToken cancellationToken) =>
        _confirmation.TryAnswerAsync(request, secretIndex, cancellationToken);

    private SignatureCheckResult Verify(in WebhookRequest request, in Signed signed, in CertificateLookup found) =>
        _certificates.Verify(found, request.Now, signed.Message.StringToSign(), signed.Signature, signed.Hash, signed.Description, "the message's signed members", signed.Timestamp);

    /// <summary>Everything but the certificate: null when the message may go on to be verified.</summary>
    private SignatureCheckResult? Prepare(in WebhookRequest request, out Signed signed)
    {
        signed = default;
        if (request.Headers.Get("x-amz-sns-rawdelivery") is { Presence: HeaderPresence.Single, Value: var raw } && string.Equals(raw, "true", StringComparison.OrdinalIgnoreCase))
        {
            return Malformed("the subscription has raw message delivery on: SNS then sends the bare message, which it does not sign; turn raw delivery off for this endpoint.");
        }

        if (SnsMessage.TryParse(request.Body.Span, out var problem) is not { } message)
        {
            return Malformed($"{problem}: an SNS HTTP(S) message is a JSON object of strings.");
        }

        if (message.Signature is null)
        {
            return SignatureCheckResult.Fail(FailureCode.MissingSignature, "the body has no `Signature`: it is not a message signed by SNS.");
        }

        if (message.Type is not (SnsMessage.Notification or SnsMessage.SubscriptionConfirmation or SnsMessage.UnsubscribeConfirmation))
        {
            return Malformed("the body's `Type` is absent or not `Notification`, `SubscriptionConfirmation` or `UnsubscribeConfirmation`.");
        }

        var hash = message.SignatureVersion switch
        {
            "1" => HashAlgorithmName.SHA1,
            "2" => HashAlgorithmName.SHA256,
            _ => default,
        };
        if (hash == default)
        {
            return Malformed("the body's `SignatureVersion` is absent or not 1 (SHA1withRSA) or 2 (SHA256withRSA).");
        }

        var signature = new byte[MaxSignatureBytes];
        if (!Convert.TryFromBase64String(message.Signature, signature, out var length) || length == 0)
        {
            return Malformed("the body's `Signature` is not base64 of an RSA signature.");
        }

        if (message.MissingSignedMember() is { } missing)
        {
            return Malformed($"the body has no `{missing}`, which SNS signs for a `{message.Type}`.");
        }

        if (!Timestamps.TryParse(message.Timestamp, TimestampUnit.Rfc3339, out var timestamp))
        {
            return Malformed(Reasons.TimestampNotInFormat("The body's `Timestamp`", TimestampUnit.Rfc3339));
        }

        if (SnsTopic.TryParse(message.TopicArn) is not { } topic)
        {
            return Malformed("the body's `TopicArn` is not an SNS topic ARN.");
        }

        if (!_topics.Contains(topic.Arn))
        {
            return SignatureCheckResult.Fail(FailureCode.InvalidSignature, $"the message is for a topic that is not among this policy's {_topics.Count} TopicArns: SNS signs messages of every topic, so only the listed ones are accepted.");
        }

        if (!topic.IsCertificateUrl(message.SigningCertUrl))
        {
            return SignatureCheckResult.Fail(FailureCode.InvalidSignature, $"the body's `SigningCertURL` is not an SNS certificate URL of the topic's region (https://{topic.Host}/ then `SimpleNotificationService-`, 32 hex digits and .pem): nothing is fetched, and nothing verifies.");
        }

        signed = new Signed(message, signature[..length], hash, timestamp, $"the SigningCertURL certificate on {topic.Host}");
        return null;
    }

    private static SignatureCheckResult Malformed(string reason) => SignatureCheckResult.Fail(FailureCode.MalformedSignature, reason);

    private readonly record struct Signed(SnsMessage Message, byte[] Signature, HashAlgorithmName Hash, DateTimeOffset Timestamp, string Description);
}
