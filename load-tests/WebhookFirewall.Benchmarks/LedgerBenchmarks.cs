using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using WebhookFirewall.Pipeline;

namespace WebhookFirewall.Benchmarks;

/// <summary>
/// What the ledger adds to one request: building its entry from the request's context and appending it to the memory
/// store (the request itself is made in setup, as the pipeline would have left it).
/// </summary>
[MemoryDiagnoser]
public class LedgerBenchmarks
{
    private LedgerRequests _requests = null!;
    private HttpContext _http = null!;
    private WebhookContext _webhook = null!;

    [GlobalSetup]
    public void Setup()
    {
        _requests = new LedgerRequests(10_000);
        (_http, _webhook) = _requests.Delivery(new byte[1024], Guid.NewGuid().ToString());
    }

    [Benchmark]
    public void RecordForwardedDelivery() => _requests.Recorder.Record(_http, _webhook);
}
