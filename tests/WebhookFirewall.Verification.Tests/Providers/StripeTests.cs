using System.Text;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests.Providers;

/// <summary>
/// Stripe publishes no fixed vector; every request here is signed by Stripe.net's own
/// <see cref="global::Stripe.EventUtility.ComputeSignature"/>, and verdicts are compared with its ValidateSignature.
/// </summary>
public sealed class StripeTests : TimestampSigningProviderContract
{
    protected override string Provider => "stripe";

    protected override string SignatureHeader => "Stripe-Signature";

    /// <summary>Stripe's signing secrets look like `whsec_...` and are used whole, as UTF-8, as the HMAC key.</summary>
    protected override string ConfiguredSecret(string secret) => "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));

    protected override IEnumerable<string> MalformedSignatures
    {
        get
        {
            var v1 = Sign.StripeV1(ConfiguredSecret(Secret), Now.ToUnixTimeSeconds(), Encoding.UTF8.GetString(DefaultBody));
            var t = Now.ToUnixTimeSeconds();
            return
            [
                $"v1={v1}",                                  // no t=
                $"t={t}",                                    // no v1=
                $"t={t},v0={v1}",                            // only the test-mode v0 scheme
                $"t={t},t={t},v1={v1}",                      // ambiguous timestamp
                $"t=abc,v1={v1}",
                $"t=,v1={v1}",
                $"t=99999999999,v1={v1}",                    // past 32 bits, which Stripe's timestamps fit
                $"t={t},v1={v1},",                           // empty item
                $"t={t},v1={v1},junk",                       // item without '='
                $"t={t}," + string.Join(',', Enumerable.Repeat("v1=" + v1, 17)),
                $"t={t},v1={v1[..^1]}",
                $"t={t},v1={v1}0",
                $"t={t},v1={new string('g', 64)}",
                v1,
                "",
                "garbage",
            ];
        }
    }

    protected override Request Signed(string secret, byte[] body, DateTimeOffset signedAt) =>
        Request.Post(body).Header("Stripe-Signature", Sign.StripeHeader(secret, signedAt.ToUnixTimeSeconds(), Encoding.UTF8.GetString(body)));

    protected override Request WithoutTimestamp(Request valid)
    {
        var header = valid.Headers.Get("Stripe-Signature").Value!;
        return valid.ReplaceHeader("Stripe-Signature", header[(header.IndexOf(',', StringComparison.Ordinal) + 1)..]);
    }

    [Fact]
    public void Delivery_id_is_the_event_id_in_the_body()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"evt_1NG8Du2eZvKYlo2CUI79vXWy","object":"event","type":"payment_intent.succeeded","data":{"object":{"id":"pi_1"}}}""");
        var result = Expect.Verified(Signed(ConfiguredSecret(Secret), body, Now).VerifyWith(Verifier(Secret)));
        Assert.Equal("evt_1NG8Du2eZvKYlo2CUI79vXWy", result.DeliveryId);
    }

    [Fact]
    public void Body_without_an_id_verifies_without_a_delivery_id()
    {
        var body = Encoding.UTF8.GetBytes("""{"object":"event","data":{"id":"nested"}}""");
        Assert.Null(Expect.Verified(Signed(ConfiguredSecret(Secret), body, Now).VerifyWith(Verifier(Secret))).DeliveryId);
    }

    [Fact]
    public void Several_v1_entries_verify_when_a_later_one_matches()
    {
        var secret = ConfiguredSecret(Secret);
        var t = Now.ToUnixTimeSeconds();
        var payload = Encoding.UTF8.GetString(DefaultBody);
        var header = $"t={t},v1={Sign.StripeV1(ConfiguredSecret(WrongSecret), t, payload)},v1={Sign.StripeV1(secret, t, payload)}";
        Expect.Verified(Request.Post(DefaultBody).Header("Stripe-Signature", header).VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Test_mode_v0_entry_next_to_a_valid_v1_is_ignored()
    {
        var valid = Valid();
        valid.ReplaceHeader("Stripe-Signature", valid.Headers.Get("Stripe-Signature").Value + ",v0=" + new string('0', 64));
        Expect.Verified(valid.VerifyWith(Verifier(Secret)));
    }

    [Fact]
    public void Our_verdict_matches_Stripe_net_for_the_same_header()
    {
        var request = Valid();
        var header = request.Headers.Get("Stripe-Signature").Value!;
        global::Stripe.EventUtility.ValidateSignature(Encoding.UTF8.GetString(DefaultBody), header, ConfiguredSecret(Secret), 300, Now.ToUnixTimeSeconds());
        Expect.Verified(request.VerifyWith(Verifier(Secret)));
    }

    /// <summary>
    /// Differential check against Stripe.net: for headers built from correct and wrong v1 entries (and test-mode v0
    /// noise) over random bodies, our verdict is Stripe.net's ValidateSignature verdict.
    /// </summary>
    [Fact]
    public void Verdicts_agree_with_Stripe_net_on_generated_headers()
    {
        var random = new Random(53);
        var secret = ConfiguredSecret(Secret);
        var verifier = Verifier(Secret);
        var (accepted, refused) = (0, 0);
        for (var i = 0; i < 500; i++)
        {
            var payload = $$"""{"id":"evt_{{random.Next()}}","amount":{{random.Next()}},"note":"{{new string((char)random.Next('a', 'z'), random.Next(0, 600))}}"}""";
            var t = Now.ToUnixTimeSeconds() - random.Next(0, 300);
            var entries = new List<string>();
            for (var e = random.Next(1, 5); e > 0; e--)
            {
                entries.Add(random.Next(4) switch
                {
                    0 => "v1=" + Sign.StripeV1(secret, t, payload),
                    1 => "v1=" + Sign.StripeV1(ConfiguredSecret(WrongSecret), t, payload),
                    2 => "v1=" + Sign.StripeV1(secret, t + 1, payload),
                    _ => "v0=" + Sign.StripeV1(secret, t, payload),
                });
            }

            if (!entries.Any(e => e.StartsWith("v1=", StringComparison.Ordinal)))
            {
                continue; // no v1 at all is malformed for us; covered by MalformedSignatures
            }

            var header = string.Join(',', [$"t={t}", .. entries.OrderBy(_ => random.Next())]);
            bool stripeAccepts;
            try
            {
                global::Stripe.EventUtility.ValidateSignature(payload, header, secret, 300, Now.ToUnixTimeSeconds());
                stripeAccepts = true;
            }
            catch (global::Stripe.StripeException)
            {
                stripeAccepts = false;
            }

            var result = Request.Post(payload).Header("Stripe-Signature", header).VerifyWith(verifier);
            Assert.True(stripeAccepts == result.IsVerified, $"Stripe.net {(stripeAccepts ? "accepts" : "refuses")} '{header}', we say {result}");
            _ = stripeAccepts ? accepted++ : refused++;
        }

        Assert.True(accepted > 50 && refused > 50, $"generator too one-sided: {accepted} accepted, {refused} refused");
    }

    /// <summary>
    /// The attack: a body with a byte that is not UTF-8 (0xFF), and a signature computed (with the real secret, as a
    /// careless sender or a second system might) over the string a lenient decoder turns that body into, with U+FFFD
    /// in its place. Verifying over a leniently decoded string would accept bytes that were never signed.
    /// </summary>
    [Fact]
    public void Invalid_utf8_body_is_invalid_signature_even_when_signed_over_its_replacement_characters()
    {
        byte[] rawBody = [.. """{"id":"evt_1","amount":"""u8, 0xFF, .. "}"u8];
        var lenient = Encoding.UTF8.GetString(rawBody);
        Assert.Contains('\uFFFD', lenient);
        var header = Sign.StripeHeader(ConfiguredSecret(Secret), Now.ToUnixTimeSeconds(), lenient);
        var verifier = Verifier(Secret);

        Expect.Failed(FailureCode.InvalidSignature, Request.Post(rawBody).Header("Stripe-Signature", header).VerifyWith(verifier));

        // The same signature is genuine for the bytes that were really signed: only the raw bytes made it fail.
        Expect.Verified(Request.Post(Encoding.UTF8.GetBytes(lenient)).Header("Stripe-Signature", header).VerifyWith(verifier));
    }
}
