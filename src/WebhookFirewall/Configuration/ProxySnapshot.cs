using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;

namespace WebhookFirewall.Configuration;

/// <summary>The routes and clusters handed to YARP: validated together with the policies they are bound to.</summary>
internal sealed class ProxySnapshot(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters, IChangeToken changeToken, string revisionId) : IProxyConfig
{
    public IReadOnlyList<RouteConfig> Routes { get; } = routes;

    public IReadOnlyList<ClusterConfig> Clusters { get; } = clusters;

    public IChangeToken ChangeToken { get; } = changeToken;

    public string RevisionId { get; } = revisionId;

    /// <summary>The same routes and clusters, waiting on a newer change token (after a refused reload).</summary>
    public ProxySnapshot WaitingOn(IChangeToken changeToken) => new(Routes, Clusters, changeToken, RevisionId);
}
