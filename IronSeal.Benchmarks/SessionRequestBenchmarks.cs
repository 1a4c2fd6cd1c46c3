using BenchmarkDotNet.Attributes;

namespace IronSeal.Benchmarks;

/// <summary>
/// One request of a signed-in user: read the session from a Cookie header, change a field, save. <see cref="ReadChangeSave()"/>
/// sends the same cookie every time (a seal opened before); <see cref="BrowserSaveLoop"/> sends the cookie the previous
/// save wrote, as a browser does, so every read is the first open of a new seal. The <c>*Unmodelled</c> pair carries a
/// session a Next.js app wrote with two more members than <see cref="BenchSession"/> models (a cart and preferences),
/// which every save writes back (issue 28): the cost of keeping them.
/// </summary>
[MemoryDiagnoser]
public class SessionRequestBenchmarks
{
    private string _cookieHeader = null!;
    private IronSessionOptions _options = null!;
    private string _browserHeader = null!;
    private string _unmodelledHeader = null!;

    [GlobalSetup]
    public void Setup()
    {
        _options = new IronSessionOptions { CookieName = "session", Password = Payloads.Password };
        var store = new HeaderCookieStore(null);
        IronSession<BenchSession> session = IronSession.GetAsync(store, _options, BenchJsonContext.Default.BenchSession).GetAwaiter().GetResult();
        session.Data = Payloads.Create(Payload.Small);
        session.SaveAsync().GetAwaiter().GetResult();
        _cookieHeader = $"theme=dark; _ga=GA1.1.1234567890.1700000000; {store.SetCookieHeaders[0].Split(';')[0]}; locale=en-GB";
        _browserHeader = _cookieHeader;

        var node = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Payloads.Create(Payload.Small), BenchJsonContext.Default.BenchSession))!.AsObject();
        node["cart"] = System.Text.Json.Nodes.JsonNode.Parse("""{"items":[{"sku":"pen","qty":2},{"sku":"ink","qty":1}],"coupon":null}""");
        node["prefs"] = System.Text.Json.Nodes.JsonNode.Parse("""{"theme":"dark","locale":"en-GB"}""");
        string seal = Iron.Seal(node, BenchJsonContext.Default.JsonObject, new SealOptions { Password = Payloads.Password });
        _unmodelledHeader = $"theme=dark; _ga=GA1.1.1234567890.1700000000; session={seal}; locale=en-GB";
    }

    [Benchmark(Baseline = true)]
    public string ReadOnly() => Read(_cookieHeader, _options);

    [Benchmark]
    public string ReadChangeSave() => ReadChangeSave(_cookieHeader, _options);

    [Benchmark]
    public string ReadOnlyUnmodelled() => Read(_unmodelledHeader, _options);

    [Benchmark]
    public string ReadChangeSaveUnmodelled() => ReadChangeSave(_unmodelledHeader, _options);

    [Benchmark]
    public string BrowserSaveLoop()
    {
        string setCookie = ReadChangeSave(_browserHeader, _options);
        _browserHeader = setCookie[..setCookie.IndexOf(';')];
        return setCookie;
    }

    /// <summary>A request that only reads the session: its user id.</summary>
    private static string Read(string cookieHeader, IronSessionOptions options) =>
        IronSession.GetAsync(new HeaderCookieStore(cookieHeader), options, BenchJsonContext.Default.BenchSession).GetAwaiter().GetResult().Data.UserId;

    /// <summary>The session layer's request of a signed-in user: read the session, <c>Visits++</c>, save; the <c>Set-Cookie</c> written.</summary>
    internal static string ReadChangeSave(string cookieHeader, IronSessionOptions options)
    {
        var store = new HeaderCookieStore(cookieHeader);
        ReadChangeSave(store, options);
        return store.SetCookieHeaders[0];
    }

    /// <summary>As above, through any store.</summary>
    internal static void ReadChangeSave(ICookieStore store, IronSessionOptions options)
    {
        IronSession<BenchSession> session = IronSession.GetAsync(store, options, BenchJsonContext.Default.BenchSession).GetAwaiter().GetResult();
        session.Data.Visits++;
        session.SaveAsync().GetAwaiter().GetResult();
    }
}
