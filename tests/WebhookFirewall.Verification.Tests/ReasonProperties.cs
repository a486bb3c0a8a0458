using System.Text;
using System.Text.RegularExpressions;
using WebhookFirewall.Verification;
using WebhookFirewall.Verification.Tests.Support;

namespace WebhookFirewall.Verification.Tests;

/// <summary>
/// Every failure comes with a reason a person can act on, and no reason ever carries what must not be shown: a secret,
/// a signature (the one received, or one computed), a token, or bytes of the body. Checked over every provider's
/// oracle, for requests signed with the wrong secret, tampered, stripped of their headers and randomly mutated.
/// </summary>
public sealed partial class ReasonProperties
{
    private const string Secret = "reason-property-secret-4f1d";
    private const string WrongSecret = "reason-property-wrong-8a2c";
    private const string BodyMarker = "BODY-MARKER-q7Zx9";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes($$"""{"id":"evt_reason","event_id":"Ev_reason","text":"{{BodyMarker}}","webhookTimestamp":1700000000000}""");

    [Fact]
    public void Every_failure_has_a_reason_that_reveals_no_secret_signature_token_or_body()
    {
        var random = new Random(7);
        foreach (var oracle in Oracles.All)
        {
            var verifier = Verifiers.Create(oracle.Provider, oracle.SettingsFor(Secret));
            foreach (var (what, request) in Failing(oracle, random))
            {
                var result = request.VerifyWith(verifier);
                if (result.Outcome != VerificationOutcome.Failed)
                {
                    continue;
                }

                AssertSafe(oracle.Provider, what, result.Reason, request);
            }
        }
    }

    private static IEnumerable<(string What, Request Request)> Failing(IProviderOracle oracle, Random random)
    {
        yield return ("signed with another secret", oracle.Sign(WrongSecret, Body, Request.DefaultNow));
        var tampered = oracle.Sign(Secret, Body, Request.DefaultNow);
        Oracles.FlipBodyByte(tampered, random);
        yield return ("tampered", tampered);
        yield return ("too old", oracle.Sign(Secret, Body, Request.DefaultNow.AddHours(-3)));
        for (var i = 0; i < 20; i++)
        {
            var mutated = oracle.Sign(Secret, Body, Request.DefaultNow);
            oracle.Mutate(mutated, random);
            yield return ($"mutation {i}", mutated);
        }

        var signed = oracle.Sign(Secret, Body, Request.DefaultNow);
        foreach (var name in signed.Headers.Names.ToArray())
        {
            var value = signed.Headers.Get(name).Value!;
            yield return ($"without {name}", signed.Clone().WithoutHeader(name));
            yield return ($"{name} repeated", signed.Clone().Header(name, value));
            yield return ($"{name} truncated", signed.Clone().ReplaceHeader(name, value[..(value.Length / 2)]));
            yield return ($"{name} with a changed character", signed.Clone().ReplaceHeader(name, Oracles.Change(value, random)));
        }
    }

    private static void AssertSafe(string provider, string what, string? reason, Request request)
    {
        Assert.False(string.IsNullOrWhiteSpace(reason), $"{provider} ({what}): a failure without a reason");
        var context = $"{provider} ({what}): reason \"{reason}\"";
        Assert.DoesNotContain(Secret, reason, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongSecret, reason, StringComparison.Ordinal);
        Assert.False(reason!.Contains(BodyMarker, StringComparison.Ordinal), context + " shows body bytes");
        foreach (var name in request.Headers.Names)
        {
            if (request.Headers.Get(name).Value is { Length: >= 8 } value && !IsHeaderName(value))
            {
                Assert.False(reason.Contains(value, StringComparison.Ordinal), context + $" shows the value of {name}");
            }
        }

        // Whatever was computed for comparison never appears either: no long run of hex or base64 outside the names
        // (of headers, fields and settings) that reasons quote in backticks.
        var unquoted = QuotedName().Replace(reason, string.Empty);
        Assert.False(LongEncodedRun().IsMatch(unquoted), context + " holds a long hex or base64 run");
    }

    private static bool IsHeaderName(string value) => value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    [GeneratedRegex("[A-Za-z0-9+/=_-]{24,}")]
    private static partial Regex LongEncodedRun();

    [GeneratedRegex("`[A-Za-z][A-Za-z0-9._-]*`")]
    private static partial Regex QuotedName();
}
