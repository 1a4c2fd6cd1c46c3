using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;

namespace IronSeal.Benchmarks;

/// <summary>
/// <see cref="HttpContextCookieStore.RequestCookieHeader"/> read for one cookie on a request with one Cookie header (HTTP/1.1, the usual case), against the
/// join it did before (LINQ over the header values and <c>string.Join</c>, kept here as the baseline).
/// </summary>
[MemoryDiagnoser]
public class CookieStoreBenchmarks
{
    private const string Header =
        "theme=dark; _ga=GA1.1.1234567890.1700000000; session=Fe26.2*1*3f1e5c0c8d4b2a6e7f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e*AAECAwQFBgcICQoLDA0ODw*QUJDREVGR0hJSktMTU5PUA*1701209600000*0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0*SGVsbG8gV29ybGQgSGVsbG8gV29ybGQgSGVsbG8gV28~2; locale=en-GB";

    private readonly DefaultHttpContext _context = new();

    [GlobalSetup]
    public void Setup() => _context.Request.Headers.Cookie = Header;

    [Benchmark(Baseline = true)]
    public string? JoinedWithLinq()
    {
        string header = string.Join("; ", _context.Request.Headers.Cookie.Where(value => value is not null));
        return CookieParser.Get(header, "session");
    }

    [Benchmark]
    public string? Store() => CookieParser.Get(new HttpContextCookieStore(_context).RequestCookieHeader, "session");
}
