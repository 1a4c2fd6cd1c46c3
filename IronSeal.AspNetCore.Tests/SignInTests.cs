using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IronSeal.AspNetCore.Tests;

/// <summary>Counts the events it sees; resolved from DI through EventsType.</summary>
public sealed class CountingEvents(EventLog log) : SessionAuthenticationEvents<AuthSession>
{
    public override Task SignedIn(SessionSignedInContext<AuthSession> context)
    {
        log.Seen.Add($"signed-in:{context.Principal!.Identity!.Name}");
        return base.SignedIn(context);
    }

    public override Task SigningOut(SessionSigningOutContext<AuthSession> context)
    {
        log.Seen.Add("signing-out");
        return base.SigningOut(context);
    }
}

public sealed class EventLog
{
    public List<string> Seen { get; } = [];
}

/// <summary>
/// Issue 25: the IronSeal scheme signs users in (SignInAsync → the SignIn mapping → a fresh, saved session), with
/// AuthenticationProperties as cookie authentication reads them, cookie authentication's events, and AccessDeniedPath.
/// On Kestrel with a real HTTP client; iron-session and h3 sessions through the one handler.
/// </summary>
public sealed class SignInTests
{
    private sealed record Started(WebApplication App, HttpClient Client, CookieContainer Jar) : IAsyncDisposable
    {
        public string? Cookie(string name = "auth") => Jar.GetCookies(Client.BaseAddress!)[name]?.Value;

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await App.DisposeAsync();
        }
    }

    internal static void MapUser(AuthSession data, ClaimsPrincipal principal) =>
        data.User = new AuthUser(
            principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The principal has no NameIdentifier claim."),
            principal.Identity?.Name ?? "?",
            principal.FindFirstValue(ClaimTypes.Role) ?? "user");

    private static ClaimsPrincipal Principal(string id, string name, string role = "user") =>
        new(new ClaimsIdentity([new(ClaimTypes.NameIdentifier, id), new(ClaimTypes.Name, name), new(ClaimTypes.Role, role)], "test"));

    private static async Task<Started> StartAsync(Action<SessionAuthenticationOptions<AuthSession>>? configure = null, Action<IServiceCollection>? services = null, Action<WebApplication>? map = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Services.AddSingleton<EventLog>();
        AuthenticationTests.AddAuthSessions(builder.Services, options =>
        {
            options.SignIn = MapUser;
            options.AccessDeniedPath = "/denied";
            configure?.Invoke(options);
        });
        services?.Invoke(builder.Services);
        WebApplication app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapPost("/guest", async (IronSession<AuthSession> session) =>
        {
            session.Data.Visits = 41;
            await session.SaveAsync();
        });
        app.MapPost("/signin", async (HttpContext context, string id, string name, string? role, bool? persistent, int? minutes, string? redirect) =>
        {
            var properties = new AuthenticationProperties
            {
                IsPersistent = persistent ?? true,
                ExpiresUtc = minutes is { } m ? DateTimeOffset.UtcNow.AddMinutes(m) : null,
                RedirectUri = redirect,
            };
            await context.SignInAsync(Principal(id, name, role ?? "user"), properties);
            return Results.Text("signed in");
        });
        app.MapPost("/signout", (HttpContext context, string? redirect) => context.SignOutAsync(new AuthenticationProperties { RedirectUri = redirect }));
        app.MapGet("/me", (ClaimsPrincipal user, IronSession<AuthSession> session) => $"{user.Identity!.Name}:{session.Data.Visits}").RequireAuthorization();
        app.MapGet("/admin", () => "admin").RequireAuthorization(policy => policy.RequireRole("admin"));
        map?.Invoke(app);
        await app.StartAsync();
        var jar = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = new Uri(app.Urls.Single()) };
        return new Started(app, client, jar);
    }

    private static Task<HttpResponseMessage> BrowserGetAsync(HttpClient client, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        return client.SendAsync(request);
    }

    private static string SetCookie(HttpResponseMessage response, string name = "auth") =>
        response.Headers.GetValues("Set-Cookie").Last(header => header.StartsWith(name + "=", StringComparison.Ordinal));

    [Test]
    public async Task SignInAsync_writes_the_user_into_a_fresh_session_that_the_scheme_reads_back()
    {
        await using Started started = await StartAsync();
        HttpClient client = started.Client;
        (await client.PostAsync("/guest", null)).EnsureSuccessStatusCode();
        string guest = started.Cookie()!;

        HttpResponseMessage signIn = await client.PostAsync("/signin?id=1&name=Ada", null);
        (await signIn.Content.ReadAsStringAsync()).ShouldBe("signed in");
        SetCookie(signIn).ShouldContain("Max-Age=");
        started.Cookie().ShouldNotBe(guest);

        // A fresh session: the guest's visits (planted, say, by another browser) are not inherited.
        (await client.GetStringAsync("/me")).ShouldBe("Ada:0");
    }

    [Test]
    public async Task A_sign_in_that_is_not_persistent_is_a_browser_session_cookie_and_stays_one()
    {
        await using Started started = await StartAsync(map: app => app.MapPost("/visit", async (IronSession<AuthSession> session) =>
        {
            session.Data.Visits++;
            await session.SaveAsync();
        }));
        HttpClient client = started.Client;
        HttpResponseMessage signIn = await client.PostAsync("/signin?id=1&name=Ada&persistent=false", null);
        SetCookie(signIn).ShouldNotContain("Max-Age");
        SetCookie(signIn).ShouldNotContain("Expires");

        HttpResponseMessage visit = await client.PostAsync("/visit", null);
        SetCookie(visit).ShouldNotContain("Max-Age", Case.Insensitive, "a later save keeps the browser-session cookie");
        (await client.GetStringAsync("/me")).ShouldBe("Ada:1");
    }

    [Test]
    public async Task ExpiresUtc_shortens_the_session_and_never_extends_it()
    {
        await using Started started = await StartAsync();
        HttpClient client = started.Client;
        string shortened = SetCookie(await client.PostAsync("/signin?id=1&name=Ada&minutes=10", null));
        int maxAge = int.Parse(shortened.Split("Max-Age=")[1].Split(';')[0]);
        maxAge.ShouldBeInRange(598, 600);

        // An ExpiresUtc after the ttl's end does not carry the cookie past it: the same Max-Age as a sign-in without one.
        string plain = SetCookie(await client.PostAsync("/signin?id=1&name=Ada", null));
        string capped = SetCookie(await client.PostAsync($"/signin?id=1&name=Ada&minutes={60 * 24 * 400}", null));
        capped.Split("Max-Age=")[1].Split(';')[0].ShouldBe(plain.Split("Max-Age=")[1].Split(';')[0], $"{plain} / {capped}");
    }

    [TestCase("/account?tab=1", "/account?tab=1")]
    [TestCase("https://evil.example/", null)]
    [TestCase("//evil.example/", null)]
    [TestCase("/\\evil.example/", null)]
    [TestCase("/\t/evil.example/", null)]
    public async Task A_sign_in_follows_only_a_local_RedirectUri(string redirect, string? expected)
    {
        await using Started started = await StartAsync(services: static services => services.AddLogging(logging => logging.AddFakeLogging()));
        HttpResponseMessage signIn = await started.Client.PostAsync($"/signin?id=1&name=Ada&redirect={Uri.EscapeDataString(redirect)}", null);
        string[] ignored = [.. started.App.Services.GetFakeLogCollector().GetSnapshot()
            .Where(record => record.Level == LogLevel.Warning && record.Message.Contains("did not follow the RedirectUri", StringComparison.Ordinal))
            .Select(record => record.Message)];
        if (expected is null)
        {
            signIn.StatusCode.ShouldBe(HttpStatusCode.OK);
            signIn.Headers.Location.ShouldBeNull();
            ignored.ShouldHaveSingleItem().ShouldContain(redirect, Case.Sensitive, "the ignored target is logged");
        }
        else
        {
            signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            signIn.Headers.Location!.OriginalString.ShouldBe(expected);
            ignored.ShouldBeEmpty();
        }

        started.Cookie().ShouldNotBeNull("the sign-in itself happened");
    }

    [Test]
    public async Task A_mapping_that_throws_or_writes_no_user_saves_nothing_ends_the_session_and_says_why()
    {
        Exception? failure = null;
        await using Started started = await StartAsync(
            options => options.SignIn = (data, principal) =>
            {
                if (principal.Identity!.Name == "nobody")
                {
                    return; // writes no user: GetClaims reads nothing back
                }

                MapUser(data, principal);
            },
            map: app => app.MapPost("/signin-noid", async (HttpContext context, string name) =>
            {
                try
                {
                    await context.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], "test")));
                    return "signed in";
                }
                catch (SessionSignInException exception)
                {
                    failure = exception;
                    return "refused";
                }
            }));
        HttpClient client = started.Client;
        (await client.PostAsync("/signin?id=1&name=Ada", null)).EnsureSuccessStatusCode();

        // The principal lacks the NameIdentifier the mapping needs: the mapping throws.
        HttpResponseMessage noId = await client.PostAsync("/signin-noid?name=Mallory", null);
        (await noId.Content.ReadAsStringAsync()).ShouldBe("refused");
        SetCookie(noId).ShouldStartWith("auth=; Max-Age=0");
        failure!.Message.ShouldContain("the SignIn mapping of the authentication scheme 'IronSession' threw");
        failure.Message.ShouldContain("has no NameIdentifier claim");
        started.Cookie().ShouldBeNull();
        (await client.GetAsync("/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        HttpResponseMessage nobody = await client.PostAsync("/signin-noid?name=nobody", null);
        (await nobody.Content.ReadAsStringAsync()).ShouldBe("refused");
        failure.Message.ShouldContain("GetClaims reads no claims");
        started.Cookie().ShouldBeNull();
    }

    [Test]
    public async Task A_session_too_large_for_its_cookie_is_refused_with_what_to_change()
    {
        SessionSignInException? failure = null;
        await using Started started = await StartAsync(
            options => options.Events.OnSigningIn = context =>
            {
                context.Data.User = context.Data.User! with { Name = new string('x', 6000) };
                return Task.CompletedTask;
            },
            map: app => app.MapPost("/signin-big", async (HttpContext context) =>
            {
                failure = await Should.ThrowAsync<SessionSignInException>(() => context.SignInAsync(Principal("1", "Ada")));
            }));
        HttpResponseMessage response = await started.Client.PostAsync("/signin-big", null);
        response.EnsureSuccessStatusCode();
        failure!.Message.ShouldContain("does not fit its cookie");
        failure.Message.ShouldContain("Chunking");
        failure.InnerException.ShouldBeOfType<SessionCookieTooLargeException>();
        SetCookie(response).ShouldStartWith("auth=; Max-Age=0");
    }

    [Test]
    public async Task A_sign_in_without_a_mapping_fails_with_the_option_to_set()
    {
        await using Started started = await StartAsync(
            options => options.SignIn = null,
            map: app => app.MapPost("/signin-unmapped", async (HttpContext context) =>
                (await Should.ThrowAsync<InvalidOperationException>(() => context.SignInAsync(Principal("1", "Ada")))).Message));
        string message = await (await started.Client.PostAsync("/signin-unmapped", null)).Content.ReadAsStringAsync();
        message.ShouldContain("cannot sign in: set options.SignIn = (data, principal)");
    }

    [Test]
    public async Task OnValidatePrincipal_rejects_a_user_and_the_session_is_deleted()
    {
        var revoked = new HashSet<string>();
        await using Started started = await StartAsync(options => options.Events.OnValidatePrincipal = context =>
        {
            if (revoked.Contains(context.Principal!.FindFirstValue(ClaimTypes.NameIdentifier)!))
            {
                context.RejectPrincipal();
            }

            return Task.CompletedTask;
        });
        HttpClient client = started.Client;
        (await client.PostAsync("/signin?id=7&name=Ada", null)).EnsureSuccessStatusCode();
        (await client.GetStringAsync("/me")).ShouldBe("Ada:0");

        revoked.Add("7");
        HttpResponseMessage rejected = await client.GetAsync("/me");
        rejected.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        SetCookie(rejected).ShouldStartWith("auth=; Max-Age=0");
        started.Cookie().ShouldBeNull();
    }

    [Test]
    public async Task OnValidatePrincipal_replaces_the_user_and_a_renewal_saves_it_with_the_mapping()
    {
        await using Started started = await StartAsync(options => options.Events.OnValidatePrincipal = context =>
        {
            if (context.Principal!.IsInRole("user") && context.Data.Visits == 0)
            {
                // The user was promoted in the database: this request and, saved, the next ones see the new role.
                context.ReplacePrincipal(Principal(context.Principal.FindFirstValue(ClaimTypes.NameIdentifier)!, context.Principal.Identity!.Name!, "admin"));
                context.Data.Visits = 1;
                context.ShouldRenew = true;
            }

            return Task.CompletedTask;
        });
        HttpClient client = started.Client;
        (await client.PostAsync("/signin?id=7&name=Ada", null)).EnsureSuccessStatusCode();
        string before = started.Cookie()!;
        (await client.GetStringAsync("/admin")).ShouldBe("admin");
        started.Cookie().ShouldNotBe(before, "the renewal saved the session");
        (await client.GetStringAsync("/me")).ShouldBe("Ada:1");
        (await client.GetStringAsync("/admin")).ShouldBe("admin", "the saved session holds the replaced role");
    }

    [Test]
    public async Task The_sign_in_events_run_in_order_and_an_EventsType_is_resolved_from_DI()
    {
        var seen = new List<string>();
        await using Started started = await StartAsync(
            options =>
            {
                options.Events.OnSigningIn = context =>
                {
                    seen.Add($"signing-in:{context.Data.User!.Name}");
                    context.Data.Visits = 100;
                    return Task.CompletedTask;
                };
            });
        (await started.Client.PostAsync("/signin?id=1&name=Ada", null)).EnsureSuccessStatusCode();
        seen.ShouldBe(["signing-in:Ada"]);
        (await started.Client.GetStringAsync("/me")).ShouldBe("Ada:100", "what OnSigningIn wrote was saved");

        await using Started typed = await StartAsync(
            options => options.EventsType = typeof(CountingEvents),
            services => services.AddScoped<CountingEvents>());
        (await typed.Client.PostAsync("/signin?id=1&name=Alan", null)).EnsureSuccessStatusCode();
        (await typed.Client.PostAsync("/signout", null)).EnsureSuccessStatusCode();
        typed.App.Services.GetRequiredService<EventLog>().Seen.ShouldBe(["signed-in:Alan", "signing-out"]);
    }

    [Test]
    public async Task Challenges_and_forbids_go_through_their_events_and_AccessDeniedPath()
    {
        await using Started started = await StartAsync(options => options.Events.OnRedirectToLogin = context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers["X-Login"] = context.RedirectUri;
            return Task.CompletedTask;
        });
        HttpClient client = started.Client;
        HttpResponseMessage challenge = await BrowserGetAsync(client, "/admin?x=1");
        challenge.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        challenge.Headers.GetValues("X-Login").ShouldHaveSingleItem().ShouldBe("/login?ReturnUrl=%2Fadmin%3Fx%3D1");

        (await client.PostAsync("/signin?id=1&name=Ada", null)).EnsureSuccessStatusCode();
        HttpResponseMessage forbidden = await BrowserGetAsync(client, "/admin?x=1");
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        forbidden.Headers.Location!.OriginalString.ShouldBe("/denied?ReturnUrl=%2Fadmin%3Fx%3D1");
        (await client.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "an API request gets 403");
    }

    [Test]
    public async Task Sign_out_follows_a_local_RedirectUri_only()
    {
        await using Started started = await StartAsync();
        HttpClient client = started.Client;
        (await client.PostAsync("/signin?id=1&name=Ada", null)).EnsureSuccessStatusCode();
        HttpResponseMessage away = await client.PostAsync($"/signout?redirect={Uri.EscapeDataString("https://evil.example/")}", null);
        away.Headers.Location.ShouldBeNull();
        (await client.PostAsync("/signin?id=1&name=Ada", null)).EnsureSuccessStatusCode();
        HttpResponseMessage home = await client.PostAsync("/signout?redirect=%2F", null);
        home.Headers.Location!.OriginalString.ShouldBe("/");
        started.Cookie().ShouldBeNull();
    }

    [Test]
    public async Task An_h3_scheme_signs_in_with_a_new_session_id_and_refuses_an_end_it_cannot_keep()
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Services.AddH3Session<NuxtSessionData>(settings =>
        {
            settings.Name = "nuxt-session";
            settings.Password = Repository.Password;
            settings.Cookie = new H3CookieSettings { Secure = false };
        });
        builder.Services.AddAuthentication(IronSessionAuthenticationDefaults.H3AuthenticationScheme).AddH3Session<NuxtSessionData>(options =>
        {
            options.GetClaims = session => session.User?.Name is { } name ? [new(ClaimTypes.Name, name)] : null;
            options.SignIn = (data, principal) => data.User = new NuxtUser { Name = principal.Identity!.Name };
        });
        await using WebApplication app = builder.Build();
        app.UseAuthentication();
        app.MapPost("/guest", async (H3Session<NuxtSessionData> session) =>
        {
            await session.SaveAsync();
            return session.Id;
        });
        app.MapPost("/signin", async (HttpContext context, H3Session<NuxtSessionData> session, bool? end) =>
        {
            try
            {
                await context.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "Ada")], "test")), new AuthenticationProperties { ExpiresUtc = end == true ? DateTimeOffset.UtcNow.AddHours(1) : null });
                return session.Id;
            }
            catch (NotSupportedException exception)
            {
                return exception.Message;
            }
        });
        app.MapGet("/me", (ClaimsPrincipal user, H3Session<NuxtSessionData> session) => $"{user.Identity?.Name}:{session.Id}");
        await app.StartAsync();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(app.Urls.Single()) };

        string guestId = await (await client.PostAsync("/guest", null)).Content.ReadAsStringAsync();
        string signedInId = await (await client.PostAsync("/signin", null)).Content.ReadAsStringAsync();
        signedInId.ShouldNotBe(guestId, "sign-in gives the session a new id");
        (await client.GetStringAsync("/me")).ShouldBe($"Ada:{signedInId}");
        (await (await client.PostAsync("/signin?end=true", null)).Content.ReadAsStringAsync()).ShouldContain("Leave ExpiresUtc unset");
    }
}
