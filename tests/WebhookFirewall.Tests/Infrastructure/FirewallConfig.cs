using System.Text.Json.Nodes;

namespace WebhookFirewall.Tests.Infrastructure;

/// <summary>Builds a firewall config file the way an operator writes one: routes, clusters and policies.</summary>
public sealed class FirewallConfig
{
    private readonly JsonObject _routes = [];
    private readonly JsonObject _policies = [];
    private readonly JsonObject _extra = [];
    private readonly JsonObject _root = [];
    private readonly JsonObject _cluster = [];

    public FirewallConfig Route(string routeId, string path, string? policy, string clusterId = "upstream", string? rateLimiterPolicy = null, int? maxConcurrentRequests = null)
    {
        var route = new JsonObject
        {
            ["ClusterId"] = clusterId,
            ["Match"] = new JsonObject { ["Path"] = path },
        };
        if (policy is not null)
        {
            route["Metadata"] = new JsonObject { ["WebhookPolicy"] = policy };
        }

        if (rateLimiterPolicy is not null)
        {
            route["RateLimiterPolicy"] = rateLimiterPolicy;
        }

        if (maxConcurrentRequests is not null)
        {
            route["Metadata"] ??= new JsonObject();
            route["Metadata"]!["MaxConcurrentRequests"] = maxConcurrentRequests.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _routes[routeId] = route;
        return this;
    }

    public FirewallConfig Policy(string name, object settings)
    {
        _policies[name] = JsonSerializer.SerializeToNode(settings);
        return this;
    }

    /// <summary>Any other `WebhookFirewall` key (e.g. `Idempotency`).</summary>
    public FirewallConfig Setting(string key, object value)
    {
        _extra[key] = JsonSerializer.SerializeToNode(value);
        return this;
    }

    /// <summary>A top-level key outside `WebhookFirewall` (e.g. `ConnectionStrings`).</summary>
    public FirewallConfig TopLevel(string key, object value)
    {
        _root[key] = JsonSerializer.SerializeToNode(value);
        return this;
    }

    /// <summary>Settings of the `upstream` cluster, such as `HttpRequest`.</summary>
    public FirewallConfig Cluster(string key, object value)
    {
        _cluster[key] = JsonSerializer.SerializeToNode(value);
        return this;
    }

    public string ToJson(Uri upstream)
    {
        var firewall = new JsonObject { ["Policies"] = _policies.DeepClone() };
        foreach (var (key, value) in _extra)
        {
            firewall[key] = value?.DeepClone();
        }

        var root = new JsonObject
        {
            ["ReverseProxy"] = new JsonObject
            {
                ["Routes"] = _routes.DeepClone(),
                ["Clusters"] = new JsonObject
                {
                    ["upstream"] = ClusterJson(upstream),
                },
            },
            ["WebhookFirewall"] = firewall,
        };
        foreach (var (key, value) in _root)
        {
            root[key] = value?.DeepClone();
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private JsonObject ClusterJson(Uri upstream)
    {
        var cluster = (JsonObject)_cluster.DeepClone();
        cluster["Destinations"] = new JsonObject { ["primary"] = new JsonObject { ["Address"] = upstream.ToString() } };
        return cluster;
    }
}
