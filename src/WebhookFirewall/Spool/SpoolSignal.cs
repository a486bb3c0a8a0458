namespace WebhookFirewall.Spool;

/// <summary>Wakes the redelivery worker early: an entry was added, made due by hand, or a send finished.</summary>
internal sealed class SpoolSignal : IDisposable
{
    private readonly SemaphoreSlim _pulse = new(0, 1);

    public void Pulse()
    {
        try
        {
            if (_pulse.CurrentCount == 0)
            {
                _pulse.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already pulsed: one wake-up is enough.
        }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _pulse.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the worker's loop sees it.
        }
    }

    public void Dispose() => _pulse.Dispose();
}
