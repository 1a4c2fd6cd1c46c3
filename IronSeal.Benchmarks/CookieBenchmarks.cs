using BenchmarkDotNet.Attributes;
using Microsoft.Net.Http.Headers;

namespace IronSeal.Benchmarks;

/// <summary>Cookie parsing and serializing, against ASP.NET Core's own header parser and writer.</summary>
[MemoryDiagnoser]
public class CookieBenchmarks
{
    // A realistic header: 13 cookies, analytics, consent, preferences and a session seal.
    private const string Header =
        "_ga=GA1.1.1234567890.1700000000; _gid=GA1.1.987654321.1700000000; _fbp=fb.1.1700000000000.123456789; " +
        "consent=%7B%22ads%22%3Afalse%2C%22stats%22%3Atrue%7D; theme=dark; locale=en-GB; tz=Europe%2FLondon; " +
        "ab_test=variant_b; cart=cart_31b7d4; recently_viewed=sku1%2Csku2%2Csku3; currency=GBP; " +
        "session=Fe26.2*1*3f1e5c0c8d4b2a6e7f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e*AAECAwQFBgcICQoLDA0ODw*QUJDREVGR0hJSktMTU5PUA*1701209600000*0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0*SGVsbG8gV29ybGQgSGVsbG8gV29ybGQgSGVsbG8gV28~2; " +
        "last_seen=1700000000";

    private static readonly string[] s_headers = [Header];
    private static readonly CookieAttributes s_attributes = new()
    {
        MaxAge = TimeSpan.FromSeconds(1_209_540), Path = "/", HttpOnly = true, Secure = true, SameSite = SameSite.Lax,
    };

    private const string Seal = "Fe26.2*1*3f1e5c0c8d4b2a6e7f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e*AAECAwQFBgcICQoLDA0ODw*QUJDREVGR0hJSktMTU5PUA*1701209600000*0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0*SGVsbG8gV29ybGQgSGVsbG8gV29ybGQgSGVsbG8gV28~2";

    [Benchmark(Baseline = true)]
    public int AspNetCoreParseList() => CookieHeaderValue.ParseList(s_headers).Count;

    [Benchmark]
    public int ParseAll() => CookieParser.Parse(Header).Count;

    [Benchmark]
    public string? GetOne() => CookieParser.Get(Header, "session");

    [Benchmark]
    public string AspNetCoreSetCookie() => new SetCookieHeaderValue("session", Seal)
    {
        MaxAge = TimeSpan.FromSeconds(1_209_540), Path = "/", HttpOnly = true, Secure = true, SameSite = Microsoft.Net.Http.Headers.SameSiteMode.Lax,
    }.ToString();

    [Benchmark]
    public string Serialize() => CookieSerializer.Serialize("session", Seal, s_attributes);
}
