using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IronSeal.Benchmarks;

/// <summary>The adapter's side of the authentication benchmarks: its services, a signed-in session's cookie, a request.</summary>
internal static class BenchRequests
{
    /// <summary>Logging, empty configuration and the <see cref="BenchSession"/> iron-session under the cookie name <c>session</c>.</summary>
    public static ServiceCollection Services()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddIronSession(BenchJsonContext.Default.BenchSession, settings =>
        {
            settings.CookieName = "session";
            settings.Password = Payloads.Password;
        });
        return services;
    }

    /// <summary>A browser's Cookie header carrying a saved <see cref="Payload.Small"/> session between two other cookies.</summary>
    public static string SignedInCookieHeader()
    {
        var store = new HeaderCookieStore(null);
        IronSession<BenchSession> session = IronSession.GetAsync(store, new IronSessionOptions { CookieName = "session", Password = Payloads.Password }, BenchJsonContext.Default.BenchSession)
            .GetAwaiter().GetResult();
        session.Data = Payloads.Create(Payload.Small);
        session.SaveAsync().GetAwaiter().GetResult();
        return $"theme=dark; {store.SetCookieHeaders[0].Split(';')[0]}; locale=en-GB";
    }

    /// <summary>A request in <paramref name="scope"/> that sends <paramref name="cookieHeader"/>.</summary>
    public static HttpContext Request(AsyncServiceScope scope, string cookieHeader)
    {
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Cookie = cookieHeader;
        return context;
    }
}
