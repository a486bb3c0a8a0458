using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace WebhookFirewall.Demo;

/// <summary>
/// A stand-in for a legacy backend on loopback: it prints what it received and answers with the body's size and
/// SHA-256, so a user can see that the bytes arrived unchanged.
/// </summary>
internal sealed class EchoUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoUpstream(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<EchoUpstream> StartAsync(TextWriter output)
    {
        var app = Hosting.SideHost.Build("http://127.0.0.1:0");
        app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
            var verification = context.Request.Headers["X-Webhook-Verification"].ToString();
            await output.WriteLineAsync($"upstream received {context.Request.Method} {context.Request.Path}: {buffer.Length} bytes, sha256 {sha256}, X-Webhook-Verification: {verification}");
            await context.Response.WriteAsJsonAsync(new { received = buffer.Length, sha256, verification }, context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EchoUpstream(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
