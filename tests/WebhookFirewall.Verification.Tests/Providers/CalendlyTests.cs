using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>Calendly publishes no test vector: signed independently (`t=..,v1=` hex HMAC-SHA256 of `{t}.{body}`).</summary>
public sealed class CalendlyTests : TimestampSigningProviderContract
{
    protected override string Provider => "calendly";

    protected override string SignatureHeader => "Calendly-Webhook-Signature";

    protected override IEnumerable<string> MalformedSignatures =>
    [
        $"v1={new string('0', 64)}",
        $"t={Now.ToUnixTimeSeconds()}",
        $"t={Now.ToUnixTimeSeconds()};v1={new string('0', 64)}",                     // Paddle's separator
        $"t=,v1={new string('0', 64)}",
        $"t={Now.ToUnixTimeSeconds()},v1={Sign.Sha256Base64(Secret, DefaultBody)}",
        $"t={Now.ToUnixTimeSeconds()},t={Now.ToUnixTimeSeconds()},v1={new string('0', 64)}",
        "garbage",
    ];

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("Calendly-Webhook-Signature", PresetSign.CalendlyHeader(secret, signedAt.ToUnixTimeSeconds(), body));

    protected override Request WithoutTimestamp(Request valid)
    {
        var header = valid.Headers.Get("Calendly-Webhook-Signature").Value!;
        return valid.ReplaceHeader("Calendly-Webhook-Signature", header[(header.IndexOf(',', StringComparison.Ordinal) + 1)..]);
    }

    /// <summary>The signed `t=` moved by a few seconds, or a changed body.</summary>
    protected override void Mutate(Request request, Random random)
    {
        if (random.Next(2) == 0)
        {
            var delta = random.Next(1, 100) * (random.Next(2) == 0 ? 1 : -1);
            var value = System.Text.RegularExpressions.Regex.Replace(
                request.Headers.Get("Calendly-Webhook-Signature").Value!,
                "^t=([0-9]+)",
                m => "t=" + (long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + delta).ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.ReplaceHeader("Calendly-Webhook-Signature", value);
        }
        else
        {
            base.Mutate(request, random);
        }
    }

    [Fact]
    public void Calendly_sends_no_delivery_id()
    {
        Assert.Null(Expect.Verified(Valid().VerifyWith(Verifier(Secret))).DeliveryId);
    }

    [Fact]
    public void Timestamp_changed_after_signing_is_invalid_signature()
    {
        var ts = Now.ToUnixTimeSeconds();
        var header = $"t={ts + 1},v1={Sign.Sha256Hex(Secret, Sign.Concat($"{ts}.", DefaultBody))}";
        Expect.Failed(FailureCode.InvalidSignature, Valid().ReplaceHeader("Calendly-Webhook-Signature", header).VerifyWith(Verifier(Secret)));
    }
}
