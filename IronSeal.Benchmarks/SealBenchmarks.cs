using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.DataProtection;

namespace IronSeal.Benchmarks;

/// <summary>Sealing one session: IronSeal against the floor of BCL primitives and ASP.NET Core Data Protection.</summary>
[MemoryDiagnoser]
public class SealBenchmarks
{
    private BenchSession _session = null!;
    private byte[] _json = null!;
    private string _jsonText = null!;
    private SealOptions _options = null!;
    private IDataProtector _protector = null!;

    [Params(Payload.Small, Payload.OneKb, Payload.NearLimit)]
    public Payload Payload { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _session = Payloads.Create(Payload);
        _json = Payloads.Json(_session);
        _jsonText = System.Text.Encoding.UTF8.GetString(_json);
        _options = new SealOptions { Password = Payloads.Password };
        _protector = new EphemeralDataProtectionProvider().CreateProtector("bench");
    }

    [Benchmark]
    public string Seal() => Iron.Seal(_session, BenchJsonContext.Default.BenchSession, _options);

    [Benchmark(Baseline = true)]
    public string FloorSeal() => Floor.Seal(_json, Payloads.Password, 1_700_000_000_000);

    [Benchmark]
    public string DataProtectionProtect() => _protector.Protect(_jsonText);
}
