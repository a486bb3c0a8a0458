using System.Text.Json.Nodes;

namespace WebhookFirewall.Tests.Infrastructure;

/// <summary>Builds a firewall config file the way an operator writes one: routes, clusters and policies.</summary>
public sealed class FirewallConfig
{
    private readonly JsonObject _routes = [];
    private readonly JsonObject _policies = [];
    private readonly JsonObject _extra = [];

    public FirewallConfig Route(string routeId, string path, string? policy, string clusterId = "upstream")
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
                    ["upstream"] = new JsonObject
                    {
                        ["Destinations"] = new JsonObject { ["primary"] = new JsonObject { ["Address"] = upstream.ToString() } },
                    },
                },
            },
            ["WebhookFirewall"] = firewall,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
