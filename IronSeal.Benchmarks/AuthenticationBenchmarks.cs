using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IronSeal.Benchmarks;

/// <summary>
/// What the authentication scheme adds to a request: a session read through the adapter (a request scope, a
/// DefaultHttpContext, GetIronSessionAsync) against the same read preceded by AuthenticateAsync, which opens the session
/// (the handler gets the same instance) and builds the ClaimsPrincipal.
/// </summary>
[MemoryDiagnoser]
public class AuthenticationBenchmarks
{
    private ServiceProvider _services = null!;
    private string _cookieHeader = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddIronSession(BenchJsonContext.Default.BenchSession, settings =>
        {
            settings.CookieName = "session";
            settings.Password = Payloads.Password;
        });
        services.AddAuthentication(IronSessionAuthenticationDefaults.AuthenticationScheme).AddIronSession<BenchSession>(options =>
            options.GetClaims = session => session.UserId.Length == 0
                ? null
                : [new(ClaimTypes.NameIdentifier, session.UserId), new(ClaimTypes.Role, session.Role)]);
        _services = services.BuildServiceProvider();

        var store = new HeaderCookieStore(null);
        IronSession<BenchSession> session = IronSession.GetAsync(store, new IronSessionOptions { CookieName = "session", Password = Payloads.Password }, BenchJsonContext.Default.BenchSession)
            .GetAwaiter().GetResult();
        session.Data = Payloads.Create(Payload.Small);
        session.SaveAsync().GetAwaiter().GetResult();
        _cookieHeader = $"theme=dark; {store.SetCookieHeaders[0].Split(';')[0]}; locale=en-GB";
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public async Task<string> SessionRead()
    {
        await using AsyncServiceScope scope = _services.CreateAsyncScope();
        HttpContext context = Request(scope);
        IronSession<BenchSession> session = await context.GetIronSessionAsync<BenchSession>();
        return session.Data.UserId;
    }

    [Benchmark]
    public async Task<string> AuthenticateThenSessionRead()
    {
        await using AsyncServiceScope scope = _services.CreateAsyncScope();
        HttpContext context = Request(scope);
        AuthenticateResult result = await context.AuthenticateAsync();
        context.User = result.Principal!;
        IronSession<BenchSession> session = await context.GetIronSessionAsync<BenchSession>();
        return context.User.IsInRole("admin") ? session.Data.UserId : "";
    }

    private HttpContext Request(AsyncServiceScope scope)
    {
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Cookie = _cookieHeader;
        return context;
    }
}
