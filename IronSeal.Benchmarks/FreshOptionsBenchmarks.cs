using BenchmarkDotNet.Attributes;

namespace IronSeal.Benchmarks;

/// <summary>
/// Options built once and shared, against <c>new SealOptions { Password = pw }</c> on every call (what a magic-link
/// handler naturally writes). The per-password state is shared by every set holding the same password, so the two
/// should cost nearly the same: the target is within 10 % and at most 512 B more.
/// </summary>
[MemoryDiagnoser]
public class FreshOptionsBenchmarks
{
    private BenchSession _session = null!;
    private SealOptions _shared = null!;
    private string _seal = null!;

    [GlobalSetup]
    public void Setup()
    {
        _session = Payloads.Create(Payload.Small);
        _shared = new SealOptions { Password = Payloads.Password };
        _seal = Iron.Seal(_session, BenchJsonContext.Default.BenchSession, _shared);
    }

    [Benchmark(Baseline = true)]
    public BenchSession UnsealSharedOptions() => Iron.Unseal(_seal, BenchJsonContext.Default.BenchSession, _shared);

    [Benchmark]
    public BenchSession UnsealFreshOptions() =>
        Iron.Unseal(_seal, BenchJsonContext.Default.BenchSession, new SealOptions { Password = Payloads.Password });

    [Benchmark]
    public string SealSharedOptions() => Iron.Seal(_session, BenchJsonContext.Default.BenchSession, _shared);

    [Benchmark]
    public string SealFreshOptions() =>
        Iron.Seal(_session, BenchJsonContext.Default.BenchSession, new SealOptions { Password = Payloads.Password });
}
