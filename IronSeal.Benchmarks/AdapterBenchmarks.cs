using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IronSeal.Benchmarks;

/// <summary>
/// What the ASP.NET Core adapter adds around the session layer on one request: the baseline is the session layer alone
/// (<see cref="HeaderCookieStore"/>); the others go through a <see cref="DefaultHttpContext"/> with a request scope, as
/// Kestrel gives a handler: <c>GetIronSessionAsync</c>, the session as a scoped service (a handler parameter, behind
/// the adapter's first middleware, which tells the request scope its request), and a save. <see cref="ContextOnly"/> is the cost of the context and
/// scope themselves, which a real request pays anyway.
/// </summary>
[MemoryDiagnoser]
public class AdapterBenchmarks
{
    private const string CookieName = "session";

    private string _cookieHeader = null!;
    private IronSessionOptions _options = null!;
    private ServiceProvider _services = null!;
    private RequestDelegate _parameterPipeline = null!;
    private string? _parameterUserId;

    [GlobalSetup]
    public void Setup()
    {
        _options = new IronSessionOptions { CookieName = CookieName, Password = Payloads.Password };
        var store = new HeaderCookieStore(null);
        IronSession<BenchSession> session = IronSession.GetAsync(store, _options, BenchJsonContext.Default.BenchSession).GetAwaiter().GetResult();
        session.Data = Payloads.Create(Payload.Small);
        session.SaveAsync().GetAwaiter().GetResult();
        _cookieHeader = $"theme=dark; _ga=GA1.1.1234567890.1700000000; {store.SetCookieHeaders[0].Split(';')[0]}; locale=en-GB";

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddIronSession(BenchJsonContext.Default.BenchSession, settings =>
        {
            settings.CookieName = CookieName;
            settings.Password = Payloads.Password;
        });
        _services = services.BuildServiceProvider();
        // The app's pipeline as the host builds it: the adapter's start-up filter, then a handler taking the session.
        Action<IApplicationBuilder> configure = app => app.Run(context =>
        {
            _parameterUserId = context.RequestServices.GetRequiredService<IronSession<BenchSession>>().Data.UserId;
            return Task.CompletedTask;
        });
        foreach (IStartupFilter filter in _services.GetServices<IStartupFilter>().Reverse())
        {
            configure = filter.Configure(configure);
        }

        var pipeline = new ApplicationBuilder(_services);
        configure(pipeline);
        _parameterPipeline = pipeline.Build();
        if (AdapterRead() != "user_8f2c1a9e" || AdapterReadAsParameter() != "user_8f2c1a9e")
        {
            throw new InvalidOperationException("The benchmark cookie did not open through the adapter.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public string SessionLayerRead()
    {
        var store = new HeaderCookieStore(_cookieHeader);
        return IronSession.GetAsync(store, _options, BenchJsonContext.Default.BenchSession).GetAwaiter().GetResult().Data.UserId;
    }

    [Benchmark]
    public int ContextOnly()
    {
        using AsyncServiceScope scope = _services.CreateAsyncScope();
        DefaultHttpContext context = NewContext(scope);
        return context.Request.Headers.Cookie.Count;
    }

    [Benchmark]
    public string AdapterRead()
    {
        using AsyncServiceScope scope = _services.CreateAsyncScope();
        DefaultHttpContext context = NewContext(scope);
        return context.GetIronSessionAsync<BenchSession>().GetAwaiter().GetResult().Data.UserId;
    }

    [Benchmark]
    public string AdapterReadAsParameter()
    {
        using AsyncServiceScope scope = _services.CreateAsyncScope();
        DefaultHttpContext context = NewContext(scope);
        _parameterPipeline(context).GetAwaiter().GetResult();
        return _parameterUserId!;
    }

    [Benchmark]
    public string SessionLayerReadSave() => SessionRequestBenchmarks.ReadChangeSave(_cookieHeader, _options);

    [Benchmark]
    public string AdapterReadSave()
    {
        using AsyncServiceScope scope = _services.CreateAsyncScope();
        DefaultHttpContext context = NewContext(scope);
        IronSession<BenchSession> session = context.GetIronSessionAsync<BenchSession>().GetAwaiter().GetResult();
        session.Data.Visits++;
        session.SaveAsync().GetAwaiter().GetResult();
        return context.Response.Headers.SetCookie[0]!;
    }

    private DefaultHttpContext NewContext(AsyncServiceScope scope)
    {
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Cookie = _cookieHeader;
        return context;
    }
}
