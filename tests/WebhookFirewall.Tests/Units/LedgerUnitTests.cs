using Microsoft.Extensions.Time.Testing;
using WebhookFirewall.Commands;
using WebhookFirewall.Ledger;

namespace WebhookFirewall.Tests.Units;

public sealed class LedgerUnitTests
{
    [Fact]
    public void A_ledger_id_is_a_ulid_that_sorts_by_time_and_reads_back()
    {
        var at = DateTimeOffset.Parse("2026-12-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var first = LedgerId.New(at);
        var later = LedgerId.New(at.AddMilliseconds(1));

        Assert.Equal(26, first.ToString().Length);
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{26}$", first.ToString());
        Assert.Equal(first, LedgerId.Parse(first.ToString()));
        Assert.Equal(first, LedgerId.Parse(first.ToString().ToLowerInvariant()));
        Assert.Equal(at.ToUnixTimeMilliseconds(), first.Milliseconds);
        Assert.True(string.CompareOrdinal(first.ToString(), later.ToString()) < 0);
        Assert.Equal("01ARZ3NDEKTSV4RRFFQ69G5FAV", LedgerId.Parse("01ARZ3NDEKTSV4RRFFQ69G5FAV").ToString());
        Assert.False(LedgerId.TryParse("81ARZ3NDEKTSV4RRFFQ69G5FAV", out _)); // past 128 bits
        Assert.False(LedgerId.TryParse("01ARZ3NDEKTSV4RRFFQ69G5FAU", out _)); // U is not Crockford
        Assert.False(LedgerId.TryParse("01ARZ3", out _));
    }

    [Fact]
    public void The_coalescer_writes_a_few_a_second_and_counts_the_rest_on_the_newest()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var written = new List<LedgerEntry>();
        using var coalescer = new FloodCoalescer(written.Add, clock);

        for (var i = 0; i < 10; i++)
        {
            coalescer.Offer(Entry(i, "invalid_signature", "192.0.2.1"));
        }

        coalescer.Offer(Entry(100, "invalid_signature", "192.0.2.2"));
        Assert.Equal(FloodCoalescer.PerSecond + 1, written.Count);

        clock.Advance(TimeSpan.FromSeconds(1.1));

        var last = written[^1];
        Assert.Equal(FloodCoalescer.PerSecond + 2, written.Count);
        Assert.Equal("9", last.DeliveryId);
        Assert.Equal(10 - FloodCoalescer.PerSecond - 1, last.Repeats);
        Assert.Equal(11, written.Sum(e => 1 + e.Repeats));
    }

    [Fact]
    public void Entries_read_back_from_their_json_as_they_were_written()
    {
        var entry = Entry(7, "timestamp_out_of_window", "2001:db8::1");
        var json = LedgerEntryJson.ToUtf8(entry);

        var read = LedgerEntryJson.Read(json)!;

        Assert.Equal(Encoding.UTF8.GetString(json), Encoding.UTF8.GetString(LedgerEntryJson.ToUtf8(read)));
        Assert.Null(LedgerEntryJson.Read("{\"id\":1}"u8));
    }

    [Fact]
    public void A_raw_request_is_read_with_lf_or_crlf_lines_absolute_targets_and_content_length()
    {
        var crlf = RawHttpRequest.Parse(Encoding.ASCII.GetBytes("POST http://hooks.example.com/a/b?x=1 HTTP/1.1\r\nX-A: 1\r\nX-A: 2\r\nContent-Length: 3\r\n\r\nabcdef"), out _)!;
        var lf = RawHttpRequest.Parse(Encoding.ASCII.GetBytes("GET /c HTTP/1.1\nHost: h\n\n"), out _)!;

        Assert.Equal("POST", crlf.Method);
        Assert.Equal("/a/b", crlf.Path);
        Assert.Equal("?x=1", crlf.Query);
        Assert.Equal("1,2", crlf.Headers["X-A"].ToString());
        Assert.Equal("abc"u8.ToArray(), crlf.Body);
        Assert.Equal("/c", lf.Path);
        Assert.Equal("h", lf.Headers["Host"].ToString());
        Assert.Empty(lf.Body);
        Assert.Null(RawHttpRequest.Parse("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"u8.ToArray(), out var problem));
        Assert.Contains("chunked", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_code_the_firewall_answers_has_a_reason()
    {
        var answered = typeof(WebhookFirewall.Model.Problem).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(WebhookFirewall.Model.Problem))
            .Select(f => ((WebhookFirewall.Model.Problem)f.GetValue(null)!).Code)
            .Where(code => code is not ("route_not_configured" or "host_not_allowed" or "management_token_required" or "invalid_management_token" or "cross_origin" or "invalid_query" or "delivery_not_found"))
            // The spool's management endpoints answer these; no webhook request is ever answered with them.
            .Where(code => !code.StartsWith("spool_", StringComparison.Ordinal));

        Assert.All(answered, code => Assert.Contains(code, Reasons.Codes));
        Assert.Contains("upstream_error", Reasons.Codes);
    }

    [Fact]
    public async Task The_memory_ring_keeps_the_newest_entries_and_finds_them_newest_first()
    {
        var store = new MemoryLedgerStore(capacity: 4);
        var entries = Enumerable.Range(0, 6).Select(i => Entry(i, i % 2 == 0 ? "invalid_signature" : "missing_signature", "192.0.2.1")).ToArray();
        foreach (var entry in entries)
        {
            store.Append(entry);
        }

        var all = await store.QueryAsync(new LedgerQuery(), CancellationToken.None);
        var invalid = await store.QueryAsync(new LedgerQuery { Code = "invalid_signature", Limit = 1 }, CancellationToken.None);

        Assert.Equal(4, store.Count);
        Assert.Equal(["5", "4", "3", "2"], all.Select(e => e.DeliveryId));
        Assert.Equal("4", Assert.Single(invalid).DeliveryId);
        Assert.Empty(await store.QueryAsync(new LedgerQuery { Route = "another" }, CancellationToken.None));
        Assert.Empty(await store.QueryAsync(new LedgerQuery { Since = DateTimeOffset.UtcNow.AddMinutes(1) }, CancellationToken.None));
        Assert.Equal(4, (await store.QueryAsync(new LedgerQuery { Route = "github", Policy = "github", Outcome = "rejected" }, CancellationToken.None)).Count);
        Assert.Equal("3", (await store.FindAsync(entries[3].Id, CancellationToken.None))?.DeliveryId);
        Assert.Null(await store.FindAsync(entries[1].Id, CancellationToken.None)); // fallen out of the ring
        var found = await store.FindAsync(entries[5].Id, CancellationToken.None);
        Assert.Equal(Encoding.UTF8.GetString(LedgerEntryJson.ToUtf8(entries[5])), Encoding.UTF8.GetString(LedgerEntryJson.ToUtf8(found!)));
    }

    [Fact]
    public async Task The_memory_ring_keeps_no_entry_object_alive()
    {
        // An entry lives for MaxEntries requests: held as an object it would be promoted to gen 2 and die there.
        var store = new MemoryLedgerStore(capacity: 16);
        var written = AppendUnreferenced(store);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        GC.WaitForPendingFinalizers();

        Assert.False(written.IsAlive);
        Assert.Equal("1", Assert.Single(await store.QueryAsync(new LedgerQuery(), CancellationToken.None)).DeliveryId);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference AppendUnreferenced(MemoryLedgerStore store)
    {
        var entry = Entry(1, "invalid_signature", "192.0.2.1");
        store.Append(entry);
        return new WeakReference(entry);
    }

    private static LedgerEntry Entry(int n, string code, string client) => new()
    {
        Id = LedgerId.New(DateTimeOffset.UtcNow),
        ReceivedAt = DateTimeOffset.UtcNow,
        Instance = "test",
        Route = "github",
        Policy = "github",
        Provider = "github",
        Mode = WebhookFirewall.Model.PolicyMode.Enforce,
        Method = "POST",
        Path = "/webhooks/github",
        Client = IPAddress.Parse(client),
        DeliveryId = n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ContentType = "application/json",
        BodyBytes = 2,
        Headers = new LedgerHeaders(["Content-Type", "User-Agent", "X-GitHub-Event", "X-Hub-Signature-256"], "ua", "X-GitHub-Event", "push"),
        Outcome = "rejected",
        Status = 401,
        Code = code,
        Reason = Reasons.For(code, WebhookFirewall.Model.RequestOutcome.Rejected),
        TimestampSkewSeconds = 301.5,
        Upstream = new LedgerUpstream(null, 12.5, "no response within the cluster's ActivityTimeout"),
        DurationMs = 3.25,
        Payload = new CapturedPayload("{\"a\":\"[redacted]\"}", false, true),
    };
}
