using System.Threading.Channels;

namespace WebhookFirewall.Spool;

/// <summary>
/// The ids of spool entries whose state this instance just changed (an attempt recorded, a retry asked for, an entry
/// discarded), for the delivery ledger's live stream, which sends each as a `spool` event. A slow reader loses the
/// oldest ids, never blocks a redelivery; with a shared store, another instance's changes show when an entry is read.
/// </summary>
internal sealed class SpoolChanges
{
    private const int PerSubscriber = 256;

    private readonly Lock _lock = new();
    private Channel<string>[] _subscribers = [];

    /// <summary>Ids changed from now on, until <paramref name="until"/> is cancelled.</summary>
    public ChannelReader<string> Subscribe(CancellationToken until)
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(PerSubscriber) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_lock)
        {
            _subscribers = [.. _subscribers, channel];
        }

        until.Register(() =>
        {
            lock (_lock)
            {
                _subscribers = [.. _subscribers.Where(c => c != channel)];
            }

            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }

    public void Publish(string id)
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber.Writer.TryWrite(id);
        }
    }
}
