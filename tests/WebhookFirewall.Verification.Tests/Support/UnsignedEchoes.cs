using WebhookFirewall.Verification;

namespace WebhookFirewall.Verification.Tests.Support;

/// <summary>Checks for the unsigned handshakes that are answered by design because they only echo what the caller sent.</summary>
public static class UnsignedEchoes
{
    /// <summary>
    /// The `GET ?challenge=X` → X echo (Dropbox, Nylas): true when <paramref name="result"/> is exactly that echo,
    /// false for anything but a challenge; any other challenge fails the test.
    /// </summary>
    public static bool IsQueryChallengeEcho(string provider, Request request, VerificationResult result)
    {
        if (result.Outcome != VerificationOutcome.Challenge)
        {
            return false;
        }

        var challenge = Primitives.QueryParameters.Get(request.QueryString, "challenge");
        Assert.True(request.Method == "GET" && challenge.Presence == HeaderPresence.Single, $"{provider} answered a {request.Method} {request.QueryString}");
        Assert.Equal(challenge.Value, result.Handshake!.Body);
        return true;
    }
}
