using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
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
        ServiceCollection services = BenchRequests.Services();
        services.AddAuthentication(IronSessionAuthenticationDefaults.AuthenticationScheme).AddIronSession<BenchSession>(options =>
            options.GetClaims = session => session.UserId.Length == 0
                ? null
                : [new(ClaimTypes.NameIdentifier, session.UserId), new(ClaimTypes.Role, session.Role)]);
        _services = services.BuildServiceProvider();
        _cookieHeader = BenchRequests.SignedInCookieHeader();
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

    private HttpContext Request(AsyncServiceScope scope) => BenchRequests.Request(scope, _cookieHeader);
}
