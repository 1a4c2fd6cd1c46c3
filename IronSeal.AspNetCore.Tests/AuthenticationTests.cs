using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IronSeal.AspNetCore.Tests;

public sealed class AuthSession
{
    public AuthUser? User { get; set; }

    public int Visits { get; set; }
}

public sealed record AuthUser(string Id, string Name, string Role);

/// <summary>An MVC controller guarded by roles of the IronSeal scheme.</summary>
[ApiController]
[Route("mvc-auth")]
public sealed class AuthorizedController : ControllerBase
{
    [HttpGet("admin")]
    [Authorize(Roles = "admin")]
    public string Admin() => $"admin page for {User.Identity!.Name}";

    [HttpGet("anyone")]
    [Authorize]
    public string Anyone() => User.FindFirstValue(ClaimTypes.NameIdentifier)!;
}

/// <summary>
/// The IronSeal authentication scheme (issue 11, part 2) on Kestrel: the user is read from the session, challenges
/// redirect browsers and answer APIs 401, forbid is 403, sign-out destroys the session.
/// </summary>
public sealed class AuthenticationTests
{
    internal static void AddAuthSessions(IServiceCollection services, Action<SessionAuthenticationOptions<AuthSession>>? configure = null)
    {
        services.AddIronSession<AuthSession>(settings =>
        {
            settings.CookieName = "auth";
            settings.Password = Repository.Password;
            settings.Cookie.Secure = false;
        });
        services.AddAuthentication(IronSessionAuthenticationDefaults.AuthenticationScheme).AddIronSession<AuthSession>(options =>
        {
            options.LoginPath = "/login";
            options.GetClaims = session => session.User is { } user
                ? [new(ClaimTypes.NameIdentifier, user.Id), new(ClaimTypes.Name, user.Name), new(ClaimTypes.Role, user.Role)]
                : null;
            configure?.Invoke(options);
        });
        services.AddAuthorizationBuilder().AddPolicy("staff", policy => policy.RequireRole("admin", "staff"));
    }

    private sealed record Started(WebApplication App, HttpClient Client, CookieContainer Jar) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await App.DisposeAsync();
        }
    }

    private static async Task<Started> StartAsync(Action<SessionAuthenticationOptions<AuthSession>>? configure = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        AddAuthSessions(builder.Services, configure);
        builder.Services.AddControllers().AddApplicationPart(typeof(AuthorizedController).Assembly);
        builder.Services.AddRazorPages().AddApplicationPart(typeof(AuthorizedController).Assembly);
        WebApplication app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapPost("/signin", async (IronSession<AuthSession> session, string id, string name, string role) =>
        {
            session.Data.User = new AuthUser(id, name, role);
            await session.SaveAsync();
        });
        app.MapPost("/signout", (HttpContext context) => context.SignOutAsync());
        app.MapGet("/me", (ClaimsPrincipal user) => user.Identity!.Name).RequireAuthorization();
        app.MapGet("/admin", (ClaimsPrincipal user) => $"admin {user.Identity!.Name}").RequireAuthorization(policy => policy.RequireRole("admin"));
        app.MapGet("/staff", () => "staff").RequireAuthorization("staff");
        app.MapGet("/whoami", (ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true ? user.Identity.Name! : "anonymous");
        app.MapControllers();
        app.MapRazorPages();
        await app.StartAsync();
        string address = app.Urls.Single();
        var jar = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
        return new Started(app, client, jar);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string id, string name, string role) =>
        client.PostAsync($"/signin?id={id}&name={Uri.EscapeDataString(name)}&role={role}", null);

    private static Task<HttpResponseMessage> BrowserGetAsync(HttpClient client, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        return client.SendAsync(request);
    }

    [Test]
    public async Task A_mapping_that_returns_no_claims_leaves_the_request_anonymous()
    {
        // The natural way to write the mapping (review finding 2): an empty list, not null, for a session without a user.
        await using Started started = await StartAsync(options => options.GetClaims = session => session.User is { } user
            ? [new(ClaimTypes.NameIdentifier, user.Id), new(ClaimTypes.Name, user.Name)]
            : []);
        HttpClient client = started.Client;

        (await client.GetAsync("/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.GetStringAsync("/whoami")).ShouldBe("anonymous");
        (await client.PostAsync("/signin?id=7&name=ada&role=user", null)).EnsureSuccessStatusCode();
        (await client.GetStringAsync("/me")).ShouldBe("ada");
    }

    [Test]
    public async Task An_anonymous_api_request_gets_401_and_a_browser_is_sent_to_the_login_path_with_its_return_url()
    {
        await using Started started = await StartAsync();
        (HttpClient client, CookieContainer jar) = (started.Client, started.Jar);

        (await client.GetAsync("/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        HttpResponseMessage browser = await BrowserGetAsync(client, "/admin?tab=users&q=a%20b");
        browser.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        browser.Headers.Location!.OriginalString.ShouldBe("/login?ReturnUrl=%2Fadmin%3Ftab%3Dusers%26q%3Da%2520b");

        var xhr = new HttpRequestMessage(HttpMethod.Get, "/me");
        xhr.Headers.Accept.ParseAdd("text/html");
        xhr.Headers.Add("X-Requested-With", "XMLHttpRequest");
        (await client.SendAsync(xhr)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "a script's request is an API call");
        (await client.GetStringAsync("/whoami")).ShouldBe("anonymous");
    }

    [Test]
    public async Task A_signed_in_session_is_the_user_with_its_roles_and_policies()
    {
        await using Started started = await StartAsync();
        (HttpClient client, CookieContainer jar) = (started.Client, started.Jar);

        (await SignInAsync(client, "2", "Alan Turing", "user")).EnsureSuccessStatusCode();
        (await client.GetStringAsync("/me")).ShouldBe("Alan Turing");
        (await client.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await BrowserGetAsync(client, "/admin")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "forbid is 403 for a browser too: it is signed in");
        (await client.GetAsync("/staff")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync("/mvc-auth/admin")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetStringAsync("/mvc-auth/anyone")).ShouldBe("2");

        (await SignInAsync(client, "1", "Ada Lovelace", "admin")).EnsureSuccessStatusCode();
        (await client.GetStringAsync("/admin")).ShouldBe("admin Ada Lovelace");
        (await client.GetStringAsync("/staff")).ShouldBe("staff");
        (await client.GetStringAsync("/mvc-auth/admin")).ShouldBe("admin page for Ada Lovelace");
    }

    [Test]
    public async Task A_razor_page_takes_the_session_in_its_constructor_and_is_guarded_by_the_scheme()
    {
        await using Started started = await StartAsync();
        HttpClient client = started.Client;
        HttpResponseMessage anonymous = await BrowserGetAsync(client, "/razor/session");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.OriginalString.ShouldBe("/login?ReturnUrl=%2Frazor%2Fsession");

        (await SignInAsync(client, "1", "Ada Lovelace", "admin")).EnsureSuccessStatusCode();
        (await client.GetStringAsync("/razor/session")).Trim().ShouldBe("1:True:Ada Lovelace");
        (await client.GetStringAsync("/razor/session")).Trim().ShouldBe("2:True:Ada Lovelace");
    }

    [Test]
    public async Task Signing_out_through_the_scheme_destroys_the_session()
    {
        await using Started started = await StartAsync();
        (HttpClient client, CookieContainer jar) = (started.Client, started.Jar);
        (await SignInAsync(client, "1", "Ada Lovelace", "admin")).EnsureSuccessStatusCode();
        string sealed1 = jar.GetCookies(client.BaseAddress!)["auth"]!.Value;

        HttpResponseMessage signOut = await client.PostAsync("/signout", null);
        signOut.EnsureSuccessStatusCode();
        signOut.Headers.GetValues("Set-Cookie").ShouldHaveSingleItem().ShouldStartWith("auth=; Max-Age=0");
        (await client.GetAsync("/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // The old cookie is still a valid seal (stateless sessions cannot be revoked): sign-out clears it from the browser.
        var replay = new HttpRequestMessage(HttpMethod.Get, "/me");
        replay.Headers.Add("Cookie", $"auth={sealed1}");
        (await client.SendAsync(replay)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [TestCase("garbage")]
    [TestCase("Fe26.2**")]
    public async Task A_bad_cookie_is_an_anonymous_request_never_a_500(string cookie)
    {
        await using Started started = await StartAsync();
        (HttpClient client, CookieContainer jar) = (started.Client, started.Jar);
        var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Add("Cookie", $"auth={cookie}");
        (await client.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task A_tampered_cookie_of_a_signed_in_user_is_anonymous()
    {
        await using Started started = await StartAsync();
        (HttpClient client, CookieContainer jar) = (started.Client, started.Jar);
        (await SignInAsync(client, "1", "Ada Lovelace", "admin")).EnsureSuccessStatusCode();
        string seal = jar.GetCookies(client.BaseAddress!)["auth"]!.Value;
        char[] chars = seal.ToCharArray();
        int i = seal.IndexOf("**", StringComparison.Ordinal) + 10;
        chars[i] = chars[i] == 'A' ? 'B' : 'A';

        using var anonymous = new HttpClient { BaseAddress = client.BaseAddress };
        var request = new HttpRequestMessage(HttpMethod.Get, "/admin");
        request.Headers.Add("Cookie", $"auth={new string(chars)}");
        (await anonymous.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task A_scheme_without_claims_or_without_its_session_type_stops_the_app_at_start_up()
    {
        WebApplicationBuilder noClaims = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        AddAuthSessions(noClaims.Services, options => options.GetClaims = null);
        await using (WebApplication app = noClaims.Build())
        {
            Exception error = await Should.ThrowAsync<Exception>(() => app.StartAsync());
            error.Message.ShouldContain("needs GetClaims");
        }

        WebApplicationBuilder noSession = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        noSession.Services.AddAuthentication().AddIronSession<AuthSession>(options => options.GetClaims = _ => null);
        await using (WebApplication app = noSession.Build())
        {
            OptionsValidationException error = await Should.ThrowAsync<OptionsValidationException>(() => app.StartAsync());
            error.Message.ShouldContain("Call builder.Services.AddIronSession<AuthSession>()");
        }
    }

    [Test]
    public async Task The_handler_reads_the_same_session_instance_the_endpoint_gets()
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        AddAuthSessions(builder.Services);
        await using WebApplication app = builder.Build();
        app.UseAuthentication();
        app.MapPost("/signin", async (IronSession<AuthSession> session) =>
        {
            session.Data.User = new AuthUser("1", "Ada", "admin");
            await session.SaveAsync();
        });
        app.MapGet("/visit", async (IronSession<AuthSession> session, ClaimsPrincipal user, HttpContext context) =>
        {
            AuthenticateResult result = await context.AuthenticateAsync();
            session.Data.Visits++;
            return $"{user.Identity!.Name}:{result.Succeeded}:{ReferenceEquals(session, await context.GetIronSessionAsync<AuthSession>())}";
        });
        await app.StartAsync();
        string address = app.Urls.Single();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(address) };
        (await client.PostAsync("/signin", null)).EnsureSuccessStatusCode();
        (await client.GetStringAsync("/visit")).ShouldBe("Ada:True:True");
    }
}
