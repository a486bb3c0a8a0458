using Prometheus;
using WebhookFirewall.Configuration;
using WebhookFirewall.Idempotency;

namespace WebhookFirewall.Management;

/// <summary>
/// The management listener's endpoints, mapped onto its own Kestrel host (`WebhookFirewall:ManagementUrl`), never
/// the public port, so metrics and health can be firewalled off from webhook senders; the delivery ledger's API and
/// page beside them, behind <see cref="ManagementAccess"/>.
/// </summary>
internal static class ManagementEndpoints
{
    private static readonly TimeSpan StoreCheckTimeout = TimeSpan.FromSeconds(1);

    public static void Map(WebApplication management, IServiceProvider firewall)
    {
        var metrics = firewall.GetRequiredService<FirewallMetrics>();
        var status = firewall.GetRequiredService<ConfigReloadStatus>();
        var store = firewall.GetRequiredService<IIdempotencyStore>();
        var startup = firewall.GetRequiredService<StartupSettings>();

        // Before anything else: every management request passes the Host check, the API the token check.
        management.Use(new ManagementAccess(startup.ManagementUrl!, startup.ManagementAccess).InvokeAsync);
        LedgerEndpoints.Map(management, firewall);
        var spool = firewall.GetRequiredService<Spool.SpoolStores>();

        management.MapGet("/healthz", () => Results.Text("ok"));
        management.MapGet("/readyz", async (CancellationToken cancellationToken) =>
        {
            // An unreachable store does not make the instance unready: that would take every replica out of the
            // load balancer at once, Anonymous routes included. Requests needing the store fail closed on their own.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StoreCheckTimeout);
            var storeOk = await store.IsReachableAsync(timeout.Token);
            var body = new
            {
                status = status.Applied ? "ready" : "starting",
                config = new { revision = status.AppliedRevision, reloadFailures = status.Failures },
                store = new { name = store.Name, state = storeOk ? "ok" : "degraded" },
                spool = spool.InUse ? await SpoolReadiness.ReadAsync(spool, timeout.Token) : null,
            };
            return Results.Json(body, statusCode: status.Applied ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        SpoolEndpoints.Map(management, firewall);
        management.MapGet("/metrics", async context =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
            await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        });
    }
}
