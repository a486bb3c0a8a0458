using System.Security.Cryptography;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// The `sign` verb for paypal: the private key of a certificate of one's own (pinned in SigningCertificates, whose
/// first URL the headers name) signs as <see cref="PayPalCheck.SignedString"/> defines, with the policy's WebhookId;
/// the transmission id is the delivery id and the transmission time the signing time.
/// </summary>
internal sealed class PayPalSigner(byte[] pkcs8, string webhookId, string certificateUrl) : IWebhookSigner
{
    public static IWebhookSigner? Create(string privateKey, ProviderSettings settings, ICollection<SettingProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(settings.WebhookId))
        {
            problems.Add(new SettingProblem("WebhookId", "is needed to sign for paypal: PayPal signs the receiving webhook's id"));
        }

        using var rsa = PrivateKeys.Rsa(privateKey);
        if (rsa is null)
        {
            problems.Add(new SettingProblem("Secret", $"is not an RSA private key of at least 2048 bits ({PrivateKeys.Formats})"));
            return null;
        }

        var host = PayPalCheck.Host(EnvironmentSetting.IsSandbox(settings.Environment, problems));
        var url = settings.SigningCertificates.Count > 0 ? settings.SigningCertificates[0].Url : $"https://{host}/v1/notifications/certs/CERT-{PrivateKeys.KeyId(rsa)}";
        return string.IsNullOrWhiteSpace(settings.WebhookId) ? null : new PayPalSigner(rsa.ExportPkcs8PrivateKey(), settings.WebhookId, url);
    }

    public void Sign(SigningInput input, ICollection<KeyValuePair<string, string>> headers)
    {
        var time = input.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        using var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        var signature = rsa.SignData(PayPalCheck.SignedString(input.DeliveryId, time, webhookId, input.Body), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        headers.Add(new(PayPalCheck.IdHeader, input.DeliveryId));
        headers.Add(new(PayPalCheck.TimeHeader, time));
        headers.Add(new(PayPalCheck.SignatureHeader, Convert.ToBase64String(signature)));
        headers.Add(new(PayPalCheck.CertificateHeader, certificateUrl));
        headers.Add(new(PayPalCheck.AlgorithmHeader, PayPalCheck.Algorithm));
    }
}
