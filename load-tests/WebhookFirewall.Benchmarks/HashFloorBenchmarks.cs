using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;

namespace WebhookFirewall.Benchmarks;

/// <summary>
/// The floor under every HMAC provider: what the BCL's own primitives cost on this machine for a 1 KiB body. A
/// verifier can only be as fast as the HMAC it calls; this shows how much of its time is the primitive.
/// </summary>
[MemoryDiagnoser]
public class HashFloorBenchmarks
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(SignedRequests.Secret);
    private readonly byte[] _destination = new byte[32];
    private byte[] _body = [];
    private IncrementalHash _keyed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _body = new byte[1024];
        Random.Shared.NextBytes(_body);
        _keyed = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
    }

    [GlobalCleanup]
    public void Cleanup() => _keyed.Dispose();

    [Benchmark(Baseline = true)]
    public int HmacSha256OneShot() => HMACSHA256.HashData(_key, _body, _destination);

    [Benchmark]
    public int Sha256OneShot() => SHA256.HashData(_body, _destination);

    [Benchmark]
    public int HmacSha256KeyedContextReused()
    {
        _keyed.AppendData(_body);
        return _keyed.GetHashAndReset(_destination);
    }
}
