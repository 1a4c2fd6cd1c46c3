using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IronSeal.Benchmarks;

/// <summary>
/// What signing in and validating cost next to what they replace, each request through the adapter (a request scope, a
/// DefaultHttpContext carrying a signed-in session's cookie): <c>SignInAsync</c> (a fresh session, the SignIn mapping,
/// the save) against reading the session, changing it and saving it; an authenticated read with an empty
/// <c>OnValidatePrincipal</c> against the same read without one.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class SignInBenchmarks
{
    private const string Plain = "plain";
    private const string Validated = "validated";

    private ServiceProvider _services = null!;
    private string _cookieHeader = null!;
    private ClaimsPrincipal _user = null!;

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
        services.AddAuthentication(Plain)
            .AddIronSession<BenchSession>(Plain, Configure)
            .AddIronSession<BenchSession>(Validated, options =>
            {
                Configure(options);
                options.Events.OnValidatePrincipal = static _ => Task.CompletedTask;
            });
        _services = services.BuildServiceProvider();
        _user = new ClaimsPrincipal(new ClaimsIdentity([new(ClaimTypes.NameIdentifier, "user_8f2c1a9e"), new(ClaimTypes.Role, "editor")], "bench"));

        var store = new HeaderCookieStore(null);
        IronSession<BenchSession> session = IronSession.GetAsync(store, new IronSessionOptions { CookieName = "session", Password = Payloads.Password }, BenchJsonContext.Default.BenchSession)
            .GetAwaiter().GetResult();
        session.Data = Payloads.Create(Payload.Small);
        session.SaveAsync().GetAwaiter().GetResult();
        _cookieHeader = $"theme=dark; {store.SetCookieHeaders[0].Split(';')[0]}; locale=en-GB";
    }

    private static void Configure(SessionAuthenticationOptions<BenchSession> options)
    {
        options.GetClaims = static session => session.UserId.Length == 0
            ? null
            : [new(ClaimTypes.NameIdentifier, session.UserId), new(ClaimTypes.Role, session.Role)];
        options.SignIn = static (session, user) =>
        {
            session.UserId = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
            session.Role = user.FindFirstValue(ClaimTypes.Role)!;
        };
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [BenchmarkCategory("write"), Benchmark(Baseline = true)]
    public async Task<string> SessionSave()
    {
        await using AsyncServiceScope scope = _services.CreateAsyncScope();
        HttpContext context = Request(scope);
        IronSession<BenchSession> session = await context.GetIronSessionAsync<BenchSession>();
        session.Data.Visits++;
        await session.SaveAsync();
        return context.Response.Headers.SetCookie[0]!;
    }

    [BenchmarkCategory("write"), Benchmark]
    public async Task<string> SignIn()
    {
        await using AsyncServiceScope scope = _services.CreateAsyncScope();
        HttpContext context = Request(scope);
        await context.SignInAsync(Plain, _user);
        return context.Response.Headers.SetCookie[0]!;
    }

    [BenchmarkCategory("read"), Benchmark(Baseline = true)]
    public Task<bool> AuthenticatedRead() => AuthenticateAsync(Plain);

    [BenchmarkCategory("read"), Benchmark]
    public Task<bool> AuthenticatedReadWithValidatePrincipal() => AuthenticateAsync(Validated);

    private async Task<bool> AuthenticateAsync(string scheme)
    {
        await using AsyncServiceScope scope = _services.CreateAsyncScope();
        AuthenticateResult result = await Request(scope).AuthenticateAsync(scheme);
        return result.Principal!.IsInRole("editor");
    }

    private HttpContext Request(AsyncServiceScope scope)
    {
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Cookie = _cookieHeader;
        return context;
    }
}
