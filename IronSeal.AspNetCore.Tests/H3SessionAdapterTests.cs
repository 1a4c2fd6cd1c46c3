using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IronSeal.AspNetCore.Tests;

public sealed class NuxtUser
{
    public string? Name { get; set; }
}

/// <summary>nuxt-auth-utils' session data: <c>{ user, loggedInAt }</c>.</summary>
public sealed class NuxtSessionData
{
    public NuxtUser? User { get; set; }

    public long? LoggedInAt { get; set; }
}

/// <summary>
/// h3 sessions in ASP.NET Core (issue 15, part 3): registered like an iron-session, with the authentication scheme over
/// them. Against the real h3 1.15 and 2.x (interop/h3-session.mjs, configured as nuxt-auth-utils configures it): a user
/// signed in by h3 is authorized on a .NET endpoint, and a .NET sign-in is seen by h3.
/// </summary>
public sealed class H3SessionAdapterTests
{
    private const string CookieName = "nuxt-session";

    private sealed record App(WebApplication Web, HttpClient Client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Web.DisposeAsync();
        }
    }

    private static Task<App> StartAsync(string version, params string[] args) => StartAsync(version, null, args);

    private static async Task<App> StartAsync(string version, Action<IServiceCollection>? services, params string[] args)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0", $"--H3Session:Version={version}", .. args]);
        services?.Invoke(builder.Services);
        builder.Services.AddH3Session<NuxtSessionData>(settings => settings.Name = CookieName);
        builder.Services.AddAuthentication(IronSessionAuthenticationDefaults.H3AuthenticationScheme).AddH3Session<NuxtSessionData>(options =>
        {
            options.LoginPath = "/login";
            options.GetClaims = session => session.User?.Name is { } name ? [new(ClaimTypes.Name, name)] : null;
        });
        builder.Services.AddAuthorization();
        WebApplication app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/me", (ClaimsPrincipal user, H3Session<NuxtSessionData> session) => $"{user.Identity!.Name}:{session.Id}").RequireAuthorization();
        app.MapPost("/login", async (H3Session<NuxtSessionData> session, string user, HttpContext context) =>
        {
            session.Data = new NuxtSessionData { User = new NuxtUser { Name = user }, LoggedInAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
            await session.SaveAsync();
            return ReferenceEquals(session, await context.GetH3SessionAsync<NuxtSessionData>()) ? session.Id : "another instance";
        });
        app.MapDelete("/session", (HttpContext context) => context.SignOutAsync());
        await app.StartAsync();
        string address = app.Urls.Single();
        return new App(app, new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(address) });
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? cookie = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return await client.SendAsync(request);
    }

    private static string CookiePair(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Last(header => header.StartsWith(CookieName + "=", StringComparison.Ordinal)).Split(';')[0];

    [TestCase("V1")]
    [TestCase("V2")]
    public async Task With_revocation_a_dotnet_sign_out_revokes_the_h3_session_and_a_user_can_be_signed_out_everywhere(string version)
    {
        await using App app = await StartAsync(
            version,
            services => services.AddH3SessionRevocation<NuxtSessionData>(session => session.User?.Name),
            $"--H3Session:Password={Repository.Password}", "--H3Session:MaxAge=7.00:00:00");
        string first = CookiePair(await SendAsync(app.Client, HttpMethod.Post, "/login?user=grace"));
        string second = CookiePair(await SendAsync(app.Client, HttpMethod.Post, "/login?user=grace"));
        string other = CookiePair(await SendAsync(app.Client, HttpMethod.Post, "/login?user=ada"));
        (await SendAsync(app.Client, HttpMethod.Get, "/me", first)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await SendAsync(app.Client, HttpMethod.Delete, "/session", first)).EnsureSuccessStatusCode();

        (await SendAsync(app.Client, HttpMethod.Get, "/me", first)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "a copy of the signed-out cookie, by its h3 id");
        (await SendAsync(app.Client, HttpMethod.Get, "/me", second)).StatusCode.ShouldBe(HttpStatusCode.OK, "another session of the same user");

        await app.Web.Services.GetRequiredService<SessionRevocation>().RevokeUserAsync("grace");

        (await SendAsync(app.Client, HttpMethod.Get, "/me", second)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "signed out everywhere, by its createdAt");
        (await SendAsync(app.Client, HttpMethod.Get, "/me", other)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Task.Delay(5); // a sign-in after the revocation, by a later millisecond
        string again = CookiePair(await SendAsync(app.Client, HttpMethod.Post, "/login?user=grace"));
        (await SendAsync(app.Client, HttpMethod.Get, "/me", again)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Category("Node")]
    [TestCase("V1", "v1")]
    [TestCase("V2", "v2")]
    public async Task A_user_signed_in_by_h3_is_authorized_here_and_a_dotnet_sign_in_is_seen_by_h3(string version, string route)
    {
        using H3NodeServer h3 = await H3NodeServer.StartAsync(Repository.Password);
        // The password as a Nuxt deployment has it: NUXT_SESSION_PASSWORD, not H3Session:Password.
        await using App app = await StartAsync(version, $"--NUXT_SESSION_PASSWORD={Repository.Password}");

        (await SendAsync(app.Client, HttpMethod.Get, "/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        H3Response signedIn = await h3.SendAsync(HttpMethod.Post, route, "login", "user=ada");
        string nuxtCookie = signedIn.CookiePair(CookieName);
        HttpResponseMessage me = await SendAsync(app.Client, HttpMethod.Get, "/me", nuxtCookie);
        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await me.Content.ReadAsStringAsync()).ShouldBe($"ada:{signedIn.Body["id"]!.GetValue<string>()}", "the same user and the same h3 session id");

        HttpResponseMessage login = await SendAsync(app.Client, HttpMethod.Post, "/login?user=grace");
        string dotnetId = await login.Content.ReadAsStringAsync();
        string dotnetCookie = CookiePair(login);
        H3Response seen = await h3.SendAsync(HttpMethod.Get, route, "session", "", dotnetCookie);
        seen.Body["id"]!.GetValue<string>().ShouldBe(dotnetId);
        seen.Body["data"]!["user"]!["name"]!.GetValue<string>().ShouldBe("grace", $"h3 {route} reads the session .NET wrote");

        HttpResponseMessage signOut = await SendAsync(app.Client, HttpMethod.Delete, "/session", dotnetCookie);
        signOut.EnsureSuccessStatusCode();
        string cleared = CookiePair(signOut);
        cleared.ShouldBe($"{CookieName}=");
        (await SendAsync(app.Client, HttpMethod.Get, "/me", cleared)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        H3Response clearedByH3 = await h3.SendAsync(HttpMethod.Delete, route, "session", "", nuxtCookie);
        (await SendAsync(app.Client, HttpMethod.Get, "/me", clearedByH3.CookiePair(CookieName))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task A_browser_without_a_session_is_sent_to_the_login_page_and_a_tampered_cookie_is_anonymous()
    {
        await using App app = await StartAsync("V1", $"--H3Session:Password={Repository.Password}");
        var browser = new HttpRequestMessage(HttpMethod.Get, "/me?tab=1");
        browser.Headers.Accept.ParseAdd("text/html");
        HttpResponseMessage challenged = await app.Client.SendAsync(browser);
        challenged.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        challenged.Headers.Location!.OriginalString.ShouldBe("/login?ReturnUrl=%2Fme%3Ftab%3D1");

        string cookie = CookiePair(await SendAsync(app.Client, HttpMethod.Post, "/login?user=ada"));
        (await SendAsync(app.Client, HttpMethod.Get, "/me", cookie)).StatusCode.ShouldBe(HttpStatusCode.OK);
        string tampered = cookie[..^5] + (cookie[^5] == 'A' ? 'B' : 'A') + cookie[^4..];
        (await SendAsync(app.Client, HttpMethod.Get, "/me", tampered)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task A_misconfigured_h3_session_stops_the_app_at_start_up_in_configuration_terms()
    {
        async Task<string> Failure(params string[] args)
        {
            WebApplicationBuilder builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0", .. args]);
            builder.Services.AddH3Session<NuxtSessionData>();
            builder.Services.AddIronSession<CounterSession>(settings =>
            {
                settings.CookieName = "iron";
                settings.Password = Repository.Password;
            });
            await using WebApplication app = builder.Build();
            return (await Should.ThrowAsync<OptionsValidationException>(() => app.StartAsync())).Message;
        }

        (await Failure("--H3Session:Name=nuxt-session")).ShouldContain("Set H3Session:Password, or NUXT_SESSION_PASSWORD");
        string shortPassword = await Failure("--H3Session:Name=nuxt-session", "--NUXT_SESSION_PASSWORD=short-secret-xyz");
        shortPassword.ShouldContain("H3Session:Password");
        shortPassword.ShouldNotContain("short-secret-xyz");
        (await Failure("--H3Session:Name=nuxt-session", $"--H3Session:Password={Repository.Password}", "--H3Session:MaxAge=604800"))
            .ShouldContain("H3Session:MaxAge is 604800 days");
        (await Failure("--H3Session:Name=nuxt-session", $"--H3Session:Password={Repository.Password}", "--H3Session:Version=V3"))
            .ShouldContain("'H3Session:Version' to type 'IronSeal.H3Version'. Use one of: V1, V2.");
        (await Failure("--H3Session:Name=nuxt-session", $"--H3Session:Password={Repository.Password}", "--H3Session:Cookie:SameSite=Lux"))
            .ShouldContain("'H3Session:Cookie:SameSite' to type 'IronSeal.SameSite'. Use one of: Strict, Lax, None.");
        (await Failure("--H3Session:Name=iron", $"--H3Session:Password={Repository.Password}"))
            .ShouldContain("the cookie \"iron\" is used by NuxtSessionData and CounterSession");
    }
}
