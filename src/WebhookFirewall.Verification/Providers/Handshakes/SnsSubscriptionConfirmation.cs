using WebhookFirewall.Verification.Primitives;
using WebhookFirewall.Verification.Schemes;

namespace WebhookFirewall.Verification.Providers.Handshakes;

/// <summary>
/// AWS SNS `SubscriptionConfirmation`, signed and for an allowed topic (the check verified both): the firewall
/// confirms it itself with a GET of its `SubscribeURL` — only `https://{the topic's SNS host}/?Action=ConfirmSubscription
/// &amp;TopicArn={the topic}&amp;Token={the token}`, through the key fetcher's rules — and answers 200; it is never
/// forwarded. The answer reveals nothing and is no signature of anything.
/// </summary>
internal sealed class SnsSubscriptionConfirmation(KeySource source) : IAsyncHandshake
{
    /// <summary>SNS re-sends an unconfirmed subscription's request: one GET serves the copies that arrive meanwhile.</summary>
    private static readonly TimeSpan Remembered = TimeSpan.FromMinutes(10);

    public bool TryAnswer(in WebhookRequest request, int secretIndex, out VerificationResult result)
    {
        result = default;
        if (!IsConfirmation(request, out var url))
        {
            return false;
        }

        result = url is null
            ? Refused()
            : VerificationResult.Fail(FailureCode.KeyUnavailable, source.IsOffline
                ? "offline: confirming a subscription takes a GET of its `SubscribeURL`, and nothing is fetched"
                : "a `SubscriptionConfirmation` is confirmed with a GET of its `SubscribeURL`, made only when the request is verified asynchronously: SNS retries it.");
        return true;
    }

    public async ValueTask<VerificationResult?> TryAnswerAsync(WebhookRequest request, int secretIndex, CancellationToken cancellationToken)
    {
        if (!IsConfirmation(request, out var subscribeUrl))
        {
            return null;
        }

        if (subscribeUrl is not { } url)
        {
            return Refused();
        }

        var description = $"the SubscribeURL on {url.Host}";
        var confirmed = await source.GetAsync(
            "confirm " + url.OriginalString,
            description,
            fetcher => fetcher.FetchAsync(new KeyRequest(url, description), _ => KeyLookup.Of(url, Remembered)),
            refresh: false,
            cancellationToken).ConfigureAwait(false);
        return confirmed.Found
            ? VerificationResult.Challenge(HandshakeResponse.Empty(200), secretIndex)
            : VerificationResult.Fail(FailureCode.KeyUnavailable, $"the subscription could not be confirmed: {confirmed.Failure}; SNS retries it.");
    }

    private static VerificationResult Refused() => VerificationResult.Fail(
        FailureCode.MalformedSignature,
        "a signed `SubscriptionConfirmation` whose `SubscribeURL` is not https://{the topic's SNS host}/ with exactly three query parameters, Action (`ConfirmSubscription`), TopicArn and Token (the message's own): it is not confirmed, and a handshake is never forwarded.");

    /// <summary>Whether the request is a SubscriptionConfirmation, and its SubscribeURL when that keeps to the rule.</summary>
    private static bool IsConfirmation(in WebhookRequest request, out Uri? url)
    {
        var message = SnsMessage.TryParse(request.Body.Span, out _);
        url = message?.Type == SnsMessage.SubscriptionConfirmation ? SubscribeUrl(message) : null;
        return message?.Type == SnsMessage.SubscriptionConfirmation;
    }

    private static Uri? SubscribeUrl(SnsMessage message)
    {
        var topic = SnsTopic.TryParse(message.TopicArn);
        var text = message.SubscribeUrl;
        var origin = topic is null ? null : "https://" + topic.Host + "/?";
        if (origin is null || text is null || !text.StartsWith(origin, StringComparison.Ordinal) || text.Contains('#', StringComparison.Ordinal))
        {
            return null;
        }

        var query = text[(origin.Length - 1)..];
        var parameters = query.AsSpan(1).Count('&') + 1;
        var action = QueryParameters.Get(query, "Action");
        var topicArn = QueryParameters.Get(query, "TopicArn");
        var token = QueryParameters.Get(query, "Token");
        var valid = parameters == 3
            && action.Value == "ConfirmSubscription"
            && topicArn.Value == message.TopicArn
            && token.Value == message.Token;
        return valid && Uri.TryCreate(text, UriKind.Absolute, out var url) ? url : null;
    }
}
