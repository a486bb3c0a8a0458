namespace WebhookFirewall.Verification;

public enum HeaderPresence
{
    Missing,
    Single,
    Multiple,
}
