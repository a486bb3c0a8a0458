using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// The `sign` verb for aws-sns: the private key of a certificate of one's own (pinned in SigningCertificates) signs
/// a message written from the input body's `Type` (default Notification), `TopicArn` (default the policy's first),
/// `Message`, `Subject`, `Token` and `SubscribeURL`; MessageId is the delivery id and Timestamp the signing time,
/// SignatureVersion 2. Signed as <see cref="SnsMessage.StringToSign"/> defines it; the headers are the unsigned ones
/// SNS adds.
/// </summary>
internal sealed class AwsSnsSigner : IWebhookSigner
{
    private readonly byte[] _pkcs8;
    private readonly ProviderSettings _settings;

    private AwsSnsSigner(byte[] pkcs8, ProviderSettings settings)
    {
        _pkcs8 = pkcs8;
        _settings = settings;
    }

    public static IWebhookSigner? Create(string privateKey, ProviderSettings settings, ICollection<SettingProblem> problems)
    {
        using var rsa = PrivateKeys.Rsa(privateKey);
        if (rsa is null)
        {
            problems.Add(new SettingProblem("Secret", $"is not an RSA private key of at least 2048 bits ({PrivateKeys.Formats})"));
            return null;
        }

        return new AwsSnsSigner(rsa.ExportPkcs8PrivateKey(), settings);
    }

    public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
    {
        var fields = Fields(input);
        headers.Add(new("x-amz-sns-message-type", fields["Type"]));
        headers.Add(new("x-amz-sns-message-id", input.DeliveryId));
        headers.Add(new("x-amz-sns-topic-arn", fields["TopicArn"]));
        headers.Add(new("Content-Type", "text/plain; charset=UTF-8"));
    }

    public byte[] SignedBody(SigningInput input)
    {
        var fields = Fields(input);
        using var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(_pkcs8, out _);
        fields["SigningCertURL"] = _settings.SigningCertificates.Count > 0
            ? _settings.SigningCertificates[0].Url
            : $"https://{SnsTopic.TryParse(fields["TopicArn"])?.Host ?? "sns.us-east-1.amazonaws.com"}/SimpleNotificationService-{PrivateKeys.KeyId(rsa)}.pem";
        fields["SignatureVersion"] = "2";
        var unsigned = Write(fields);
        var message = SnsMessage.TryParse(unsigned, out _)!;
        fields["Signature"] = Convert.ToBase64String(rsa.SignData(message.StringToSign(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        return Write(fields);
    }

    private Dictionary<string, string> Fields(SigningInput input)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Type"] = SnsMessage.Notification,
            ["TopicArn"] = _settings.TopicArns.Count > 0 ? _settings.TopicArns[0] : "arn:aws:sns:us-east-1:123456789012:topic",
        };
        try
        {
            using var document = JsonDocument.Parse(input.Body);
            foreach (var member in document.RootElement.EnumerateObject())
            {
                if (member.Value.ValueKind == JsonValueKind.String && member.Name is "Type" or "TopicArn" or "Message" or "Subject" or "Token" or "SubscribeURL")
                {
                    fields[member.Name] = member.Value.GetString()!;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            fields["Message"] = System.Text.Encoding.UTF8.GetString(input.Body); // not JSON: the body is the message itself
        }

        fields.TryAdd("Message", string.Empty);
        fields["MessageId"] = input.DeliveryId;
        fields["Timestamp"] = input.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return fields;
    }

    private static byte[] Write(Dictionary<string, string> fields)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
