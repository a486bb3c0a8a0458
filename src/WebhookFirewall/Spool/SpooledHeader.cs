namespace WebhookFirewall.Spool;

/// <summary>
/// One header of a spooled request, as it was sent to the destination. A credential (a token the provider sends as
/// is) is never stored: its value is <see cref="Placeholder"/>, refilled from the policy's secrets when redelivered.
/// </summary>
internal readonly record struct SpooledHeader(string Name, string Value, bool IsCredential)
{
    public const string Placeholder = "[credential]";
}
