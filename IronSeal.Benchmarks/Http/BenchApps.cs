using System.Globalization;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IronSeal.Benchmarks.Http;

/// <summary>
/// The .NET apps of the HTTP benchmark: one minimal-API app per scenario, each on Kestrel at 127.0.0.1 on a free port,
/// built the same way (slim builder, no logging providers) so that the only difference is what the endpoint does.
/// </summary>
public static class BenchApps
{
    public const string CookieName = "session";

    /// <summary>What every endpoint answers: the session's user id (a short string), so that bodies are the same size.</summary>
    public const string Answer = "user_8f2c1a9e";

    public static Task<WebApplication> BareAsync() => StartAsync(
        static _ => { },
        static app => app.MapGet("/", static () => Answer));

    public static Task<WebApplication> SessionReadAsync() => StartAsync(
        AddSession,
        static app => app.MapGet("/", static (IronSession<BenchSession> session) => session.Data.UserId));

    /// <summary>
    /// The session read with revocation on (the sessions' user id as the mapping), Redis stores on <paramref name="redis"/>:
    /// each session asked about at most once per <paramref name="checkInterval"/> (zero: every request).
    /// </summary>
    public static Task<WebApplication> SessionReadRevocableAsync(string redis, TimeSpan checkInterval) => StartAsync(
        services =>
        {
            AddSession(services);
            services.AddIronSessionRevocation<BenchSession>(session => session.UserId, options => options.CheckInterval = checkInterval);
            services.AddIronSealRedis(redis);
        },
        static app => app.MapGet("/", static (IronSession<BenchSession> session) => session.Data.UserId));

    public static Task<WebApplication> SessionSaveAsync() => StartAsync(
        AddSession,
        static app => app.MapGet("/", static async (IronSession<BenchSession> session) =>
        {
            session.Data.Visits++;
            await session.SaveAsync();
            return session.Data.UserId;
        }));

    /// <summary>Cookie authentication (Data Protection, ephemeral keys); <c>POST /signin</c> signs in the user whose claims hold the session's data.</summary>
    public static Task<WebApplication> CookieAuthAsync() => StartAsync(
        static services =>
        {
            services.AddDataProtection().UseEphemeralDataProtectionProvider();
            services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options => options.Cookie.Name = "auth");
        },
        static app =>
        {
            app.UseAuthentication();
            app.MapGet("/", static (HttpContext context) => context.User.FindFirst("userId")?.Value ?? "");
            app.MapPost("/signin", static async (HttpContext context) =>
            {
                BenchSession data = Payloads.Create(Payload.Small);
                Claim[] claims =
                [
                    new("userId", data.UserId), new("role", data.Role), new("cartId", data.CartId), new("csrf", data.Csrf),
                    new("visits", data.Visits.ToString(CultureInfo.InvariantCulture)),
                ];
                await context.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme)));
            });
        });

    public static Uri AddressOf(WebApplication app) =>
        new(app.Urls.Single());

    private static void AddSession(IServiceCollection services) =>
        services.AddIronSession(BenchJsonContext.Default.BenchSession, settings =>
        {
            settings.CookieName = CookieName;
            settings.Password = Payloads.Password;
        });

    private static async Task<WebApplication> StartAsync(Action<IServiceCollection> services, Action<WebApplication> map)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Production" });
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        services(builder.Services);
        WebApplication app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }
}
