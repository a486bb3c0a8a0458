namespace WebhookFirewall.Diagnostics;

/// <summary>
/// Every log event id of the host, with its name, in one table: operators filter and alert on these numbers, so a
/// number is never reused or renumbered. `[LoggerMessage]` needs constants, hence ints: each method names its event
/// with <c>EventName = nameof(...)</c> of the same entry.
/// </summary>
internal static class EventIds
{
    // 1xx: configuration.
    public const int ConfigApplied = 100;
    public const int ConfigRefused = 101;
    public const int ConfigProblem = 102;
    public const int RestartRequired = 103;
    public const int ConfigWarning = 104;

    // 2xx: requests refused before they reach an upstream.
    public const int Rejected = 200;
    public const int RouteNotBound = 201;
    public const int SourceNotAllowed = 210;
    public const int RateLimited = 211;
    public const int BadRequest = 212;
    public const int ServerBusy = 213;

    // 3xx: the idempotency store.
    public const int StoreUnavailable = 300;
    public const int SettleFailed = 301;
    public const int ClaimLost = 302;

    // 5xx: the spool.
    public const int Spooled = 500;
    public const int SpoolRefused = 501;
    public const int SpoolStoreFailed = 502;
    public const int Redelivered = 503;
    public const int RedeliveryFailed = 504;
    public const int DeadLettered = 505;
    public const int SpoolRouteMissing = 506;
    public const int SpoolLeaseLost = 507;
    public const int SpoolStoreNotDurable = 508;
    public const int SpoolOpened = 509;
    public const int SpoolWorkerFailed = 510;
}
