namespace WebhookFirewall.Verification;

/// <summary>Read access to request headers without tying the library to a web framework.</summary>
public interface IWebhookHeaders
{
    /// <summary>Looks a header up by name (case-insensitive).</summary>
    HeaderValue Get(string name);
}
