using Yarp.ReverseProxy.Configuration;

namespace WebhookFirewall.Configuration;

/// <summary>How long YARP may take on one exchange with a cluster: what the leases and providers are measured against.</summary>
internal static class ClusterTimeouts
{
    /// <summary>How long YARP waits on the upstream when the cluster does not say.</summary>
    public static readonly TimeSpan DefaultActivityTimeout = TimeSpan.FromSeconds(100);

    /// <summary>The connect timeout of YARP's forwarder client (not configurable per cluster).</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    public static TimeSpan Activity(ClusterConfig cluster) => cluster.HttpRequest?.ActivityTimeout ?? DefaultActivityTimeout;

    /// <summary>The longest one attempt can last: a connect that only just succeeds, then a full activity timeout.</summary>
    public static TimeSpan Exchange(ClusterConfig cluster) => ConnectTimeout + Activity(cluster);
}
