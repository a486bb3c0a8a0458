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
    public const int StoreErrorDetail = 303;

    // 4xx: the delivery ledger.
    public const int LedgerRecordFailed = 400;
    public const int LedgerWritesFailing = 401;
    public const int LedgerWritesRecovered = 402;

    // 6xx: the spool.
    public const int Spooled = 600;
    public const int SpoolRefused = 601;
    public const int SpoolStoreFailed = 602;
    public const int Redelivered = 603;
    public const int RedeliveryFailed = 604;
    public const int DeadLettered = 605;
    public const int SpoolRouteMissing = 606;
    public const int SpoolLeaseLost = 607;
    public const int SpoolStoreNotDurable = 608;
    public const int SpoolOpened = 609;
    public const int SpoolWorkerFailed = 610;

    // 7xx: the listeners.
    public const int ManagementBound = 700;
}
