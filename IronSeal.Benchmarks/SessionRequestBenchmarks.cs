using BenchmarkDotNet.Attributes;

namespace IronSeal.Benchmarks;

/// <summary>One request of a signed-in user: read the session from a Cookie header, change a field, save.</summary>
[MemoryDiagnoser]
public class SessionRequestBenchmarks
{
    private string _cookieHeader = null!;
    private IronSessionOptions _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        _options = new IronSessionOptions { CookieName = "session", Password = Payloads.Password };
        var store = new HeaderCookieStore(null);
        IronSession<BenchSession> session = IronSession.GetAsync(store, _options, BenchJsonContext.Default.BenchSession).GetAwaiter().GetResult();
        session.Data = Payloads.Create(Payload.Small);
        session.SaveAsync().GetAwaiter().GetResult();
        _cookieHeader = $"theme=dark; _ga=GA1.1.1234567890.1700000000; {store.SetCookieHeaders[0].Split(';')[0]}; locale=en-GB";
    }

    [Benchmark(Baseline = true)]
    public string ReadOnly()
    {
        var store = new HeaderCookieStore(_cookieHeader);
        IronSession<BenchSession> session = IronSession.GetAsync(store, _options, BenchJsonContext.Default.BenchSession).GetAwaiter().GetResult();
        return session.Data.UserId;
    }

    [Benchmark]
    public string ReadChangeSave()
    {
        var store = new HeaderCookieStore(_cookieHeader);
        IronSession<BenchSession> session = IronSession.GetAsync(store, _options, BenchJsonContext.Default.BenchSession).GetAwaiter().GetResult();
        session.Data.Visits++;
        session.SaveAsync().GetAwaiter().GetResult();
        return store.SetCookieHeaders[0];
    }
}
