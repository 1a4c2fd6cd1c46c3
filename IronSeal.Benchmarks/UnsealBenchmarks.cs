using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.DataProtection;

namespace IronSeal.Benchmarks;

/// <summary>
/// Opening one session: a seal never seen before (<see cref="Unseal"/>), the same seal again as every request of a
/// signed-in user sends it (<see cref="UnsealAgain"/>), the floor of BCL primitives, and Data Protection.
/// </summary>
[MemoryDiagnoser]
public class UnsealBenchmarks
{
    private const int Distinct = 4096;
    private string[] _seals = null!;
    private int _next;
    private string _seal = null!;
    private string _protected = null!;
    private SealOptions _options = null!;
    private IDataProtector _protector = null!;

    [Params(Payload.Small, Payload.OneKb, Payload.NearLimit)]
    public Payload Payload { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        BenchSession session = Payloads.Create(Payload);
        _options = new SealOptions { Password = Payloads.Password, Ttl = TimeSpan.Zero };

        // Many distinct seals, so that "first unseal" really meets each salt for the first time (a cache of 4096
        // recent salts cannot hold them all when they are visited round-robin across 4096 × iterations).
        _seals = [.. Enumerable.Range(0, Distinct).Select(_ => Iron.Seal(session, BenchJsonContext.Default.BenchSession, _options))];
        _seal = _seals[0];
        _protector = new EphemeralDataProtectionProvider().CreateProtector("bench");
        _protected = _protector.Protect(System.Text.Encoding.UTF8.GetString(Payloads.Json(session)));
    }

    [Benchmark]
    public BenchSession Unseal()
    {
        string seal = _seals[_next++ & (Distinct - 1)];
        return Iron.Unseal(seal, BenchJsonContext.Default.BenchSession, _options);
    }

    [Benchmark]
    public BenchSession UnsealAgain() => Iron.Unseal(_seal, BenchJsonContext.Default.BenchSession, _options);

    [Benchmark(Baseline = true)]
    public byte[] FloorUnseal() => Floor.Unseal(_seal, Payloads.Password);

    [Benchmark]
    public string DataProtectionUnprotect() => _protector.Unprotect(_protected);
}
