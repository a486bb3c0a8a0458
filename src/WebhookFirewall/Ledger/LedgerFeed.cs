using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace WebhookFirewall.Ledger;

/// <summary>
/// Hands every new entry to each follower (the live streams of the page). A follower that reads too slowly loses its
/// oldest unread entries rather than holding memory or slowing the request that wrote them; the page re-reads the
/// list whenever it reconnects.
/// </summary>
internal sealed class LedgerFeed
{
    private const int FollowerBuffer = 512;

    private readonly Lock _gate = new();
    private Channel<LedgerEntry>[] _followers = [];

    public bool HasFollowers => Volatile.Read(ref _followers).Length > 0;

    public void Publish(LedgerEntry entry)
    {
        foreach (var follower in Volatile.Read(ref _followers))
        {
            follower.Writer.TryWrite(entry);
        }
    }

    public async IAsyncEnumerable<LedgerEntry> FollowAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<LedgerEntry>(new BoundedChannelOptions(FollowerBuffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        Change(followers => [.. followers, channel]);
        try
        {
            await foreach (var entry in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return entry;
            }
        }
        finally
        {
            Change(followers => Array.FindAll(followers, f => f != channel));
        }
    }

    private void Change(Func<Channel<LedgerEntry>[], Channel<LedgerEntry>[]> change)
    {
        lock (_gate)
        {
            Volatile.Write(ref _followers, change(_followers));
        }
    }
}
