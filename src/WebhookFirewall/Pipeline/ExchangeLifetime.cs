using Microsoft.Extensions.Options;

namespace WebhookFirewall.Pipeline;

/// <summary>
/// What bounds an upstream exchange once a claimed delivery was handed to the upstream: not the sender's connection
/// (a sender that hangs up, or a provider that gives up after 10 s, must not cancel an exchange the upstream may
/// already be acting on), but the process. On shutdown the host drains requests for its ShutdownTimeout; exchanges
/// still running then are cancelled just before the host stops waiting, so each ends with an answer (and its claim
/// settled or released) rather than being cut off unaccounted.
/// </summary>
internal sealed class ExchangeLifetime : IDisposable
{
    /// <summary>Left of the shutdown timeout for the cancelled exchanges to release their claims.</summary>
    private static readonly TimeSpan SettleMargin = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenRegistration _registration;

    public ExchangeLifetime(IHostApplicationLifetime lifetime, IOptions<HostOptions> host)
    {
        var grace = host.Value.ShutdownTimeout - SettleMargin;
        _registration = lifetime.ApplicationStopping.Register(() => _stopping.CancelAfter(grace > TimeSpan.Zero ? grace : TimeSpan.Zero));
    }

    /// <summary>Given to a claimed delivery's request in place of the sender's connection.</summary>
    public CancellationToken Token => _stopping.Token;

    public void Dispose()
    {
        _registration.Dispose();
        _stopping.Dispose();
    }
}
