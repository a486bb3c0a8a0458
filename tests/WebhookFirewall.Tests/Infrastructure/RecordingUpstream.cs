using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WebhookFirewall.Tests.Infrastructure;

/// <summary>A real Kestrel backend on 127.0.0.1:0 that records every request it receives, bytes and headers.</summary>
public sealed class RecordingUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();

    private RecordingUpstream(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Decides the answer; the default is 200 with a short body.</summary>
    public Func<ReceivedRequest, (int Status, string Body)> Respond { get; set; } = _ => (200, "upstream-ok");

    /// <summary>Headers added to every answer (an upstream trying to fake the firewall's own).</summary>
    public IReadOnlyDictionary<string, string> ResponseHeaders { get; set; } = new Dictionary<string, string>();

    public IReadOnlyList<ReceivedRequest> Received => _received.ToArray();

    /// <summary>Time the upstream takes before answering (a slow backend).</summary>
    public TimeSpan Delay { get; set; }

    public static async Task<RecordingUpstream> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        RecordingUpstream? upstream = null;
        app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var received = new ReceivedRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToArray(), StringComparer.OrdinalIgnoreCase),
                buffer.ToArray());
            upstream!._received.Enqueue(received);
            if (upstream.Delay > TimeSpan.Zero)
            {
                await Task.Delay(upstream.Delay);
            }

            var (status, body) = upstream.Respond(received);
            context.Response.StatusCode = status;
            foreach (var (name, value) in upstream.ResponseHeaders)
            {
                context.Response.Headers[name] = value;
            }

            await context.Response.WriteAsync(body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        upstream = new RecordingUpstream(app, new Uri(address));
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string?[]> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var values) ? string.Join(",", values) : null;
}
