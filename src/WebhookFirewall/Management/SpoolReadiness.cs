using WebhookFirewall.Spool;

namespace WebhookFirewall.Management;

/// <summary>
/// The spool in `/readyz`: `ok`, or `degraded` with why (not open, not answering, or a Redis that does not persist
/// every write). Never a reason for 503: webhooks that need no spool are still served, and every replica would go
/// at once.
/// </summary>
internal static class SpoolReadiness
{
    public static async Task<object> ReadAsync(SpoolStores stores, CancellationToken cancellationToken)
    {
        string? problem;
        if (stores.Store is not { } store)
        {
            problem = "the spool store is not open";
        }
        else
        {
            try
            {
                problem = await store.CheckAsync(cancellationToken).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                problem = "the spool store did not answer in time";
            }
        }

        return new { name = stores.Kind, state = problem is null ? "ok" : "degraded", reason = problem };
    }
}
