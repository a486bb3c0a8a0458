using static WebhookFirewall.Tests.Spool.SpoolFixture;

namespace WebhookFirewall.Tests.Spool;

/// <summary>The embedded store: one SQLite file, private to the firewall's user.</summary>
public sealed class SqliteSpoolDeliveryTests : SpoolDeliveryTests
{
    protected override string StoreName => "sqlite";

    protected override string StoreFiles => Path.GetDirectoryName(SpoolPath)!;

    protected override Task<string[]> StartStoreAsync() => Task.FromResult<string[]>([]);

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_spool_file_is_private_to_the_firewalls_user_and_nothing_is_written_while_the_backend_answers()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SpoolPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(SpoolPath)!));
        var upstream = await StartUpstreamAsync();
        var before = Directory.GetFiles(Path.GetDirectoryName(SpoolPath)!).ToDictionary(f => f, f => (File.GetLastWriteTimeUtc(f), new FileInfo(f).Length));

        for (var i = 0; i < 20; i++)
        {
            using var response = await SendAsync(GitHub(FirewallTestBase.UniqueBody()));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(20, upstream.Received.Count);
        Assert.Empty(await SpoolEntriesAsync());
        var after = Directory.GetFiles(Path.GetDirectoryName(SpoolPath)!).ToDictionary(f => f, f => (File.GetLastWriteTimeUtc(f), new FileInfo(f).Length));
        Assert.Equal(before, after);
        foreach (var file in after.Keys)
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

}
