using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
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
        ServiceCollection services = BenchRequests.Services();
        services.AddAuthentication(Plain)
            .AddIronSession<BenchSession>(Plain, Configure)
            .AddIronSession<BenchSession>(Validated, options =>
            {
                Configure(options);
                options.Events.OnValidatePrincipal = static _ => Task.CompletedTask;
            });
        _services = services.BuildServiceProvider();
        _user = new ClaimsPrincipal(new ClaimsIdentity([new(ClaimTypes.NameIdentifier, "user_8f2c1a9e"), new(ClaimTypes.Role, "editor")], "bench"));
        _cookieHeader = BenchRequests.SignedInCookieHeader();
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

    private HttpContext Request(AsyncServiceScope scope) => BenchRequests.Request(scope, _cookieHeader);
}
