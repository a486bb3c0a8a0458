using System.Runtime.CompilerServices;

namespace WebhookFirewall.Pipeline;

/// <summary>The SHA-256 of a request's body, held inline in the request's context: recording it allocates nothing.</summary>
[InlineArray(32)]
internal struct BodyDigest
{
    private byte _first;
}
