namespace WebhookFirewall.Idempotency;

/// <summary>The store could not answer: the one failure a caller of <see cref="IIdempotencyStore"/> handles.</summary>
internal sealed class IdempotencyStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
