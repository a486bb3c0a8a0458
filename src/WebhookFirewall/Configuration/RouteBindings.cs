using WebhookFirewall.Model;
using Yarp.ReverseProxy.Configuration;

namespace WebhookFirewall.Configuration;

/// <summary>
/// Finds the binding of a YARP route by its route id and the revision stamped into its metadata — never by the
/// route object's identity, so a route copied on its way through YARP (an <c>IProxyConfigFilter</c>, say) still finds
/// its policies. YARP snapshots the route config per request, so a request always sees the route and the policies
/// that were applied together: never a new route with old secrets or the reverse.
/// </summary>
/// <remarks>
/// Holds the snapshot under validation (YARP's validators run on a route before it is applied) and the last few
/// applied ones. A request resolves its binding once, in the first step of the proxy pipeline, immediately after
/// YARP matched its route; the revisions before the applied one cover requests matched just before a reload. A
/// revision no longer held finds nothing, and the request is refused, never served with other policies.
/// </remarks>
internal sealed class RouteBindings
{
    private const int AppliedRevisionsKept = 3;

    private volatile FirewallSnapshot[] _applied = [];
    private volatile FirewallSnapshot? _proposed;

    /// <summary>The snapshot serving requests, once one was applied.</summary>
    public FirewallSnapshot? Current => _applied is [var newest, ..] ? newest : null;

    /// <summary>
    /// The snapshot YARP's validators are judging: the proposed one while it is evaluated, otherwise the applied one
    /// (which YARP validates once more when it applies it). Cluster validators need it: a cluster carries no revision.
    /// </summary>
    public FirewallSnapshot? UnderValidation => _proposed ?? Current;

    /// <summary>Makes a snapshot findable for the validators before it is applied.</summary>
    public void Propose(FirewallSnapshot snapshot) => _proposed = snapshot;

    public void Apply(FirewallSnapshot snapshot)
    {
        var previous = _applied;
        var kept = new FirewallSnapshot[Math.Min(previous.Length + 1, AppliedRevisionsKept)];
        kept[0] = snapshot;
        Array.Copy(previous, 0, kept, 1, kept.Length - 1);
        _applied = kept;
        _proposed = null;
    }

    /// <summary>A refused snapshot is forgotten: no route of it was ever applied.</summary>
    public void Refuse(FirewallSnapshot snapshot)
    {
        if (ReferenceEquals(_proposed, snapshot))
        {
            _proposed = null;
        }
    }

    /// <summary>The snapshot the route was read in, or null when its revision is not (or no longer) held.</summary>
    public FirewallSnapshot? SnapshotOf(RouteConfig route)
    {
        if (RouteMetadata.Read(route, RouteMetadata.Revision) is not { } revision)
        {
            return null;
        }

        if (_proposed is { } proposed && proposed.Revision == revision)
        {
            return proposed;
        }

        foreach (var snapshot in _applied)
        {
            if (snapshot.Revision == revision)
            {
                return snapshot;
            }
        }

        return null;
    }

    public RouteBinding? Find(RouteConfig route) => SnapshotOf(route)?.Binding(route.RouteId);
}
