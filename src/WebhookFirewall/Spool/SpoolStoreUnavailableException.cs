namespace WebhookFirewall.Spool;

/// <summary>The spool's store did not do what was asked (down, unwritable, not answering in time).</summary>
internal sealed class SpoolStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
