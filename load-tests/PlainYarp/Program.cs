using Yarp.ReverseProxy.Configuration;

// The floor under the firewall's numbers: one catch-all route to one destination, no logging, no metrics, no
// middleware of our own. Usage: PlainYarp --urls http://127.0.0.1:PORT --upstream http://127.0.0.1:PORT/
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var upstream = builder.Configuration["upstream"] ?? throw new InvalidOperationException("--upstream is required");
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "upstream", Match = new RouteMatch { Path = "{**catch-all}" } }],
    [new ClusterConfig { ClusterId = "upstream", Destinations = new Dictionary<string, DestinationConfig> { ["upstream"] = new() { Address = upstream } } }]);

var app = builder.Build();
app.MapReverseProxy();
app.Run();
