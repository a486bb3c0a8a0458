using System.Net;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

// The floor under the firewall's numbers: one catch-all route to one destination, no logging, no metrics, no
// middleware of our own. Usage: PlainYarp --urls http://127.0.0.1:PORT --upstream http://127.0.0.1:PORT/
//   --direct true            YARP's bare IHttpForwarder (no routes, no transforms beyond the defaults, no load
//                            balancing or health): what the routed proxy pipeline costs on top of forwarding itself.
//   --respond-after-ms N     no proxy at all: an upstream that answers 204 after N ms (the slow-upstream rows).
//   --inline-scheduling true Kestrel's UnsafePreferInlineScheduling, as the firewall's InlineScheduling setting.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
if (bool.TryParse(builder.Configuration["inline-scheduling"], out var inline) && inline)
{
    builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
}

if (int.TryParse(builder.Configuration["respond-after-ms"], out var delay))
{
    var slow = builder.Build();
    slow.Run(async context =>
    {
        await Task.Delay(delay, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    });
    slow.Run();
    return;
}

var upstream = builder.Configuration["upstream"] ?? throw new InvalidOperationException("--upstream is required");
if (bool.TryParse(builder.Configuration["direct"], out var direct) && direct)
{
    builder.Services.AddHttpForwarder();
    var bare = builder.Build();
    // The client YARP's own factory would make for a cluster without settings.
    var client = new HttpMessageInvoker(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ConnectTimeout = TimeSpan.FromSeconds(15),
    });
    var forwarder = bare.Services.GetRequiredService<IHttpForwarder>();
    RequestDelegate forward = async context => await forwarder.SendAsync(context, upstream, client);
    bare.Map("/{**catch-all}", forward);
    bare.Run();
    return;
}

builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "upstream", Match = new RouteMatch { Path = "{**catch-all}" } }],
    [new ClusterConfig { ClusterId = "upstream", Destinations = new Dictionary<string, DestinationConfig> { ["upstream"] = new() { Address = upstream } } }]);

var app = builder.Build();
app.MapReverseProxy();
app.Run();
