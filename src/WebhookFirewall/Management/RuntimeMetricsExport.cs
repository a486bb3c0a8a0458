using System.Diagnostics.Tracing;
using Prometheus;

namespace WebhookFirewall.Management;

/// <summary>
/// What the process publishes through .NET itself: Kestrel, hosting, HttpClient (the forwarder's connections) and
/// runtime meters, and YARP's EventCounters (YARP publishes no meters). Exported once per process to the default
/// registry, filtered: unfiltered, prometheus-net also exports dozens of internal QUIC families.
/// </summary>
internal static class RuntimeMetricsExport
{
    private static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Hosting",
        "System.Net.Http",
        "System.Runtime",
    ];

    /// <summary>
    /// Changed on every request (up and down again) yet of little use to scrape every 15 s: each measurement costs a
    /// label lookup in the exporter on the hot path. Request rates and latencies stay: they are in the durations'
    /// histograms (http.server.request.duration, http.client.request.duration).
    /// </summary>
    private static readonly string[] PerRequestGauges =
    [
        "http.server.active_requests",
        "http.client.active_requests",
        "http.client.open_connections",
        "http.client.request.time_in_queue",
    ];

    private static readonly string[] EventSources = ["Yarp.ReverseProxy", "System.Runtime"];

    private static int _configured;

    /// <summary>
    /// Once per process (the default registry is the process's): the first host decides. Without runtime meters
    /// (`WebhookFirewall:Metrics:RuntimeMeters: false`) only the firewall's own metrics are exported.
    /// </summary>
    public static void Configure(bool runtimeMeters)
    {
        if (Interlocked.Exchange(ref _configured, 1) == 1)
        {
            return;
        }

        if (!runtimeMeters)
        {
            Metrics.SuppressDefaultMetrics();
            return;
        }

        Metrics.ConfigureMeterAdapter(options => options.InstrumentFilterPredicate = instrument =>
            Meters.Contains(instrument.Meter.Name, StringComparer.Ordinal) && !PerRequestGauges.Contains(instrument.Name, StringComparer.Ordinal));
        Metrics.ConfigureEventCounterAdapter(options =>
        {
            options.EventSourceFilterPredicate = source => EventSources.Contains(source, StringComparer.Ordinal);
            // Counters only. prometheus-net enables each source at Informational by default, which switches on YARP's
            // per-request events (forwarder start, stages, content transferred, stop): each one is formatted and
            // dispatched to the listener, only to be ignored. Counter payloads are written at LogAlways and still
            // arrive with the source enabled at Critical.
            options.EventSourceSettingsProvider = _ => new EventCounterAdapterEventSourceSettings { MinimumLevel = EventLevel.Critical };
        });
    }
}
