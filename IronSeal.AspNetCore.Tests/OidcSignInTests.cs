using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using IronSeal.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IronSeal.AspNetCore.Tests;

public sealed class OidcSession
{
    public AuthUser? User { get; set; }

    public List<AuthenticationToken>? Tokens { get; set; }
}

/// <summary>
/// Issue 25: external logins through the IronSeal scheme. A real OpenID Connect provider (OpenIddict on SQLite) on
/// 127.0.0.1, Microsoft's AddOpenIdConnect (authorization code with PKCE, form_post) with SignInScheme = the IronSeal
/// scheme, an HTTP client that follows the redirects as a browser does, and the real Node iron-session reading the user.
/// </summary>
public sealed class OidcSignInTests
{
    private sealed record App(WebApplication Host, Uri Address, ConcurrentQueue<string> Failures) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }

    private static void Map(OidcSession data, ClaimsPrincipal principal) =>
        data.User = new AuthUser(
            principal.FindFirstValue("sub") ?? throw new InvalidOperationException("The principal has no 'sub' claim."),
            principal.FindFirstValue("name") ?? "?",
            principal.FindFirstValue("role") ?? "user");

    private static async Task<App> StartAppAsync(OidcProvider provider, bool saveTokens = false, bool chunking = false)
    {
        var failures = new ConcurrentQueue<string>();
        WebApplicationBuilder builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.AddFilter(static (_, level) => level >= LogLevel.Warning);
        builder.Services.AddIronSession<OidcSession>(settings =>
        {
            settings.CookieName = "auth";
            settings.Password = Repository.Password;
            settings.Cookie.Secure = false;
            settings.Chunking = chunking;
        });
        builder.Services.AddAuthentication(IronSessionAuthenticationDefaults.AuthenticationScheme)
            .AddIronSession<OidcSession>(options =>
            {
                options.LoginPath = "/login";
                options.GetClaims = data => data.User is { } user
                    ? [new(ClaimTypes.NameIdentifier, user.Id), new(ClaimTypes.Name, user.Name), new(ClaimTypes.Role, user.Role)]
                    : null;
                options.SignIn = Map;
                options.GetTokens = data => data.Tokens;
                options.Events.OnSigningIn = context =>
                {
                    context.Data.Tokens = [.. context.Properties.GetTokens()];
                    return Task.CompletedTask;
                };
            })
            .AddOpenIdConnect("oidc", options =>
            {
                options.Authority = provider.Address.ToString();
                options.RequireHttpsMetadata = false;
                options.ClientId = OidcProvider.ClientId;
                options.ClientSecret = OidcProvider.ClientSecret;
                options.ResponseType = "code";
                options.SignInScheme = IronSessionAuthenticationDefaults.AuthenticationScheme;
                options.Scope.Add("email");
                options.MapInboundClaims = false;
                options.SaveTokens = saveTokens;
                // Plain HTTP on loopback in the test; in production leave both at their default (Always).
                options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.Events.OnRemoteFailure = context =>
                {
                    failures.Enqueue(context.Failure?.Message ?? "?");
                    context.Response.Redirect("/login?error=external_login_failed");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        builder.Services.AddAuthorization();
        WebApplication app = builder.Build();
        // A sign-in that cannot be written (SessionSignInException) happens inside the callback: answer it as the app decides.
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (SessionSignInException exception)
            {
                failures.Enqueue(exception.Message);
                context.Response.Redirect("/login?error=session_not_saved");
            }
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/signin/oidc", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/me" }, ["oidc"]));
        app.MapGet("/me", (ClaimsPrincipal user) => $"{user.FindFirstValue(ClaimTypes.NameIdentifier)} {user.Identity!.Name} {user.FindFirstValue(ClaimTypes.Role)}")
            .RequireAuthorization();
        app.MapGet("/token", async (HttpContext context) => await context.GetTokenAsync("access_token") ?? "none").RequireAuthorization();
        await app.StartAsync();
        var address = new Uri(app.Urls.Single() + "/");
        await provider.RegisterClientAsync(new Uri(address, "/signin-oidc"));
        return new App(app, address, failures);
    }

    private OidcProvider _provider = null!;

    [OneTimeSetUp]
    public async Task StartProvider() => _provider = await OidcProvider.StartAsync();

    [OneTimeTearDown]
    public async Task StopProvider() => await _provider.DisposeAsync();

    private static string Location(HttpResponseMessage response) => response.Headers.Location!.OriginalString;

    [Test]
    public async Task A_user_signs_in_at_the_provider_and_is_signed_in_to_the_iron_session()
    {
        await using App app = await StartAppAsync(_provider);
        using var browser = new OidcBrowser(app.Address);

        FormPost answer = await browser.SignInAtProviderAsync("/signin/oidc", "ada");
        answer.Action.ShouldBe(new Uri(app.Address, "/signin-oidc"));
        answer.Fields.Select(field => field.Key).ShouldContain("code");
        browser.AppCookie("auth").ShouldBeNull("nothing is signed in before the callback");
        using HttpResponseMessage callback = await browser.PostAsync(answer);

        callback.StatusCode.ShouldBe(HttpStatusCode.Redirect, string.Join(" | ", app.Failures));
        Location(callback).ShouldBe("/me");
        browser.AppCookie("auth").ShouldStartWith("Fe26.2*");
        (await browser.Client.GetStringAsync("/me")).ShouldBe("sub-ada Ada Lovelace admin");
        (await browser.Client.GetStringAsync("/token")).ShouldBe("none", "without SaveTokens no token is kept");
    }

    [Test]
    public async Task SaveTokens_keeps_the_tokens_in_a_chunked_session_and_GetTokenAsync_returns_them()
    {
        await using App app = await StartAppAsync(_provider, saveTokens: true, chunking: true);
        using var browser = new OidcBrowser(app.Address);

        using HttpResponseMessage callback = await browser.PostAsync(await browser.SignInAtProviderAsync("/signin/oidc", "ada"));

        callback.StatusCode.ShouldBe(HttpStatusCode.Redirect, string.Join(" | ", app.Failures));
        Location(callback).ShouldBe("/me");
        CookieCollection cookies = browser.Jar.GetCookies(app.Address);
        cookies.Count(cookie => cookie.Name.StartsWith("auth", StringComparison.Ordinal)).ShouldBeGreaterThan(1, "the tokens need more than one cookie");
        string accessToken = await browser.Client.GetStringAsync("/token");
        accessToken.Split('.').Length.ShouldBe(3, "the provider's access token (a JWT), read back from the session");
        (await browser.Client.GetStringAsync("/me")).ShouldBe("sub-ada Ada Lovelace admin");
    }

    [Test]
    public async Task SaveTokens_without_chunking_fails_the_sign_in_with_a_clear_error_and_saves_nothing()
    {
        await using App app = await StartAppAsync(_provider, saveTokens: true, chunking: false);
        using var browser = new OidcBrowser(app.Address);

        using HttpResponseMessage callback = await browser.PostAsync(await browser.SignInAtProviderAsync("/signin/oidc", "ada"));

        Location(callback).ShouldBe("/login?error=session_not_saved");
        app.Failures.ShouldHaveSingleItem().ShouldContain("Turn on chunking (IronSession:Chunking)");
        browser.AppCookie("auth").ShouldBeNull();
        (await browser.Client.GetAsync("/me")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "still anonymous");
    }

    [Test]
    public async Task A_provider_error_ends_at_the_login_path_with_no_session()
    {
        await using App app = await StartAppAsync(_provider);
        using var browser = new OidcBrowser(app.Address);

        FormPost answer = await browser.SignInAtProviderAsync("/signin/oidc", "mallory");
        answer.Fields.ShouldContain(new KeyValuePair<string, string>("error", "access_denied"));
        using HttpResponseMessage callback = await browser.PostAsync(answer);

        Location(callback).ShouldBe("/login?error=external_login_failed");
        app.Failures.ShouldHaveSingleItem().ShouldContain("access_denied");
        browser.AppCookie("auth").ShouldBeNull();
    }

    [Test]
    public async Task A_tampered_state_ends_at_the_login_path_with_no_session()
    {
        await using App app = await StartAppAsync(_provider);
        using var browser = new OidcBrowser(app.Address);

        FormPost answer = await browser.SignInAtProviderAsync("/signin/oidc", "ada");
        string state = answer.Fields.Single(field => field.Key == "state").Value;
        using HttpResponseMessage callback = await browser.PostAsync(answer.With("state", state[..^4] + "AAAA"));

        Location(callback).ShouldBe("/login?error=external_login_failed");
        app.Failures.ShouldHaveSingleItem().ShouldContain("state", Case.Insensitive);
        browser.AppCookie("auth").ShouldBeNull();
    }

    [Test]
    public async Task A_replayed_callback_is_refused_even_with_the_correlation_cookies_copied()
    {
        await using App app = await StartAppAsync(_provider);
        using var browser = new OidcBrowser(app.Address);
        FormPost answer = await browser.SignInAtProviderAsync("/signin/oidc", "ada");
        string before = browser.Jar.GetCookieHeader(answer.Action);

        using HttpResponseMessage first = await browser.PostAsync(answer);
        Location(first).ShouldBe("/me");

        // The same callback again in the same browser: its correlation cookie was used up.
        using HttpResponseMessage again = await browser.PostAsync(answer);
        Location(again).ShouldBe("/login?error=external_login_failed");

        // An attacker who also copied the correlation and nonce cookies: the provider refuses the used code.
        var stolen = new CookieContainer();
        stolen.SetCookies(answer.Action, before.Replace("; ", ",", StringComparison.Ordinal));
        using var attacker = new OidcBrowser(app.Address, stolen);
        using HttpResponseMessage replay = await attacker.PostAsync(answer);
        Location(replay).ShouldBe("/login?error=external_login_failed");
        attacker.AppCookie("auth").ShouldBeNull();
        app.Failures.Count.ShouldBe(2);
        app.Failures.First().ShouldContain("Correlation failed");
        app.Failures.Last().ShouldContain("invalid_grant");
    }

    [Test]
    public async Task A_remote_scheme_signing_in_to_a_scheme_without_a_SignIn_mapping_stops_the_app_at_start_up(
        [Values] bool throughDefaultScheme)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Services.AddIronSession<OidcSession>(settings => settings.Password = Repository.Password);
        builder.Services.AddAuthentication(IronSessionAuthenticationDefaults.AuthenticationScheme)
            .AddIronSession<OidcSession>(options => options.GetClaims = data => data.User is { } user ? [new(ClaimTypes.Name, user.Name)] : null)
            .AddOpenIdConnect("oidc", options =>
            {
                options.Authority = "http://127.0.0.1:9/";
                options.RequireHttpsMetadata = false;
                options.ClientId = OidcProvider.ClientId;
                options.SignInScheme = throughDefaultScheme ? null : IronSessionAuthenticationDefaults.AuthenticationScheme;
            });
        await using WebApplication app = builder.Build();

        var error = await Should.ThrowAsync<OptionsValidationException>(() => app.StartAsync());

        error.Message.ShouldContain("'oidc' signs users in to 'IronSession' (its SignInScheme), but 'IronSession' has no SignIn mapping");
        error.Message.ShouldContain("options.SignIn = (data, principal) =>");
    }

    [Test]
    [Category("Node")]
    public async Task A_user_signed_in_through_OpenID_Connect_in_dotnet_is_signed_in_on_node_iron_session()
    {
        await using App app = await StartAppAsync(_provider);
        using NodeServer node = await NodeServer.StartAsync("peer-server.mjs", "v9", Repository.Password, "auth");
        using var browser = new OidcBrowser(app.Address);

        (await browser.PostAsync(await browser.SignInAtProviderAsync("/signin/oidc", "ada"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        JsonNode onNode = JsonNode.Parse(await browser.Client.GetStringAsync(new Uri(node.Address, "/api/session")))!;
        onNode["authenticated"]!.GetValue<bool>().ShouldBeTrue("iron-session 9 reads the session the OIDC sign-in wrote");
        onNode["user"]!["id"]!.GetValue<string>().ShouldBe("sub-ada");
        onNode["user"]!["name"]!.GetValue<string>().ShouldBe("Ada Lovelace");
    }
}
