using IronSeal.Soak;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace IronSeal.AspNetCore.Tests;

/// <summary>
/// The settings classes one by one: every setting counts when a reload is compared with the current settings, h3
/// settings are refused in configuration terms, and the authentication options check themselves.
/// </summary>
public sealed class SettingsTests
{
    private const string PasswordA = "settings-test-password-a-0123456789abcdef";
    private const string PasswordB = "settings-test-password-b-0123456789abcdef";

    /// <summary>An app whose session type was used once (its options exist, so reloads reach them).</summary>
    private static async Task<(WebApplication App, FakeLogCollector Logs)> StartAsync(SharedConfiguration configuration, Action<IServiceCollection> register, Delegate handler)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Configuration.Sources.Add(configuration);
        builder.Logging.ClearProviders().AddFakeLogging();
        register(builder.Services);
        WebApplication app = builder.Build();
        app.MapGet("/", handler);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        (await client.GetAsync("/")).EnsureSuccessStatusCode();
        return (app, app.Services.GetFakeLogCollector());
    }

    private static void EveryChangeIsReported(SharedConfiguration configuration, FakeLogCollector logs, (string Key, string? Value)[][] changes)
    {
        foreach ((string Key, string? Value)[] change in changes)
        {
            int reloaded = logs.GetSnapshot().Count(r => r.Id.Name == "OptionsReloaded");
            configuration.Apply(change);
            string what = string.Join(", ", change.Select(c => $"{c.Key}={c.Value}"));
            logs.GetSnapshot().Where(r => r.Id.Name == "ReloadRefused").Select(r => r.Message).ShouldBeEmpty(what);
            logs.GetSnapshot().Count(r => r.Id.Name == "OptionsReloaded").ShouldBe(reloaded + 1, $"{what} is a change");
            configuration.Apply(change);
            logs.GetSnapshot().Count(r => r.Id.Name == "OptionsReloaded").ShouldBe(reloaded + 1, $"{what} again is no change");
        }
    }

    [Test]
    public async Task Every_iron_session_setting_counts_as_a_change_on_reload()
    {
        var configuration = new SharedConfiguration(new Dictionary<string, string?>
        {
            ["IronSession:CookieName"] = "settings",
            ["IronSession:Passwords:1"] = PasswordA,
            ["IronSession:Cookie:Secure"] = "false",
        });
        (WebApplication app, FakeLogCollector logs) = await StartAsync(
            configuration, services => services.AddIronSession<CounterSession>(), (IronSession<CounterSession> session) => session.Data.Count);
        await using WebApplication _ = app;

        EveryChangeIsReported(configuration, logs, [
            [("IronSession:CookieName", "settings2")],
            [("IronSession:Passwords:2", PasswordB)],
            [("IronSession:Passwords:2", PasswordB + "-changed")],
            [("IronSession:SealingPasswordId", "1")],
            [("IronSession:Passwords:1", null), ("IronSession:Passwords:2", null), ("IronSession:SealingPasswordId", null), ("IronSession:Password", PasswordA)],
            [("IronSession:Password", PasswordB)],
            [("IronSession:Ttl", "2.00:00:00")],
            [("IronSession:BrowserSessionCookie", "true")],
            [("IronSession:BrowserSessionCookie", "false")],
            [("IronSession:Cookie:HttpOnly", "false")],
            [("IronSession:Cookie:Secure", "true")],
            [("IronSession:Cookie:SameSite", "Strict")],
            [("IronSession:Cookie:Path", "/app")],
            [("IronSession:Cookie:Domain", "example.com")],
            [("IronSession:Cookie:MaxAge", "1.00:00:00")],
            [("IronSession:Cookie:Partitioned", "true")],
            [("IronSession:Chunking", "true")],
            [("IronSession:AbsoluteLifetime", "20.00:00:00")],
            [("IronSession:Rolling", "false")], // the test output's appsettings.json (the sample's) turns it on
        ]);
    }

    [Test]
    public async Task Every_h3_session_setting_counts_as_a_change_on_reload()
    {
        var configuration = new SharedConfiguration(new Dictionary<string, string?>
        {
            ["H3Session:Name"] = "nuxt-session",
            ["H3Session:Password"] = PasswordA,
        });
        (WebApplication app, FakeLogCollector logs) = await StartAsync(
            configuration, services => services.AddH3Session<NuxtSessionData>(), (H3Session<NuxtSessionData> session) => session.Id);
        await using WebApplication _ = app;

        EveryChangeIsReported(configuration, logs, [
            [("H3Session:Name", "h3")],
            [("H3Session:Password", PasswordB)],
            [("H3Session:Version", "V2")],
            [("H3Session:MaxAge", "7.00:00:00")],
            [("H3Session:IdleTimeout", "1.00:00:00")],
            [("H3Session:SessionHeader", "x-other")],
            [("H3Session:Cookie:SameSite", "Lax")],
            [("H3Session:Cookie:HttpOnly", "false")],
            [("H3Session:Cookie:Secure", "false")],
            [("H3Session:Cookie:Path", "/app")],
            [("H3Session:Cookie:Domain", "example.com")],
        ]);
    }

    [Test]
    public void H3_settings_are_refused_in_configuration_terms()
    {
        Should.Throw<ArgumentException>(() => new H3SessionSettings { Password = PasswordA }.ToOptions()).Message
            .ShouldStartWith("Set H3Session:Name to the h3 session name");
        Should.Throw<ArgumentException>(() => new H3SessionSettings { Name = "h3" }.ToOptions()).Message
            .ShouldStartWith("Set H3Session:Password, or NUXT_SESSION_PASSWORD");
        string idle = Should.Throw<ArgumentException>(() => new H3SessionSettings { Name = "h3", Password = PasswordA, Version = H3Version.V2, IdleTimeout = TimeSpan.FromDays(401) }.ToOptions()).Message;
        idle.ShouldStartWith("H3Session:IdleTimeout is 401 days (\"401.00:00:00\"), more than the 400 days browsers keep a cookie. Write it as a TimeSpan, e.g. \"7.00:00:00\"");
        new H3SessionSettings { Name = "h3", Password = PasswordA, MaxAge = TimeSpan.FromDays(400) }.ToOptions().MaxAge.ShouldBe(TimeSpan.FromDays(400));

        string v1Idle = Should.Throw<ArgumentException>(() => new H3SessionSettings { Name = "h3", Password = PasswordA, IdleTimeout = TimeSpan.FromHours(1) }.ToOptions()).Message;
        v1Idle.ShouldStartWith("H3Session:IdleTimeout");
        v1Idle.ShouldNotContain("H3SessionOptions");
        v1Idle.ShouldNotContain("(Parameter");
        string shortPassword = Should.Throw<ArgumentException>(() => new H3SessionSettings { Name = "h3", Password = "short-secret-xyz" }.ToOptions()).Message;
        shortPassword.ShouldStartWith("H3Session:Password: ");
        shortPassword.ShouldNotContain("(Parameter");
        shortPassword.ShouldNotContain("short-secret-xyz");
    }

    [Test]
    public void H3_cookie_settings_lay_over_h3s_defaults()
    {
        H3SessionOptions v1 = new H3SessionSettings { Name = "h3", Password = PasswordA, Cookie = new H3CookieSettings() }.ToOptions();
        v1.Cookie.ShouldBe(H3SessionOptions.DefaultCookie(H3Version.V1));
        H3SessionOptions v2 = new H3SessionSettings { Name = "h3", Password = PasswordA, Version = H3Version.V2, Cookie = new H3CookieSettings() }.ToOptions();
        v2.Cookie.ShouldBe(H3SessionOptions.DefaultCookie(H3Version.V2));
        H3SessionOptions strict = new H3SessionSettings { Name = "h3", Password = PasswordA, Cookie = new H3CookieSettings { SameSite = SameSite.Strict } }.ToOptions();
        strict.Cookie!.SameSite.ShouldBe(SameSite.Strict);
    }

    [Test]
    public void Authentication_options_check_themselves()
    {
        static SessionAuthenticationOptions<AuthSession> Valid() => new() { GetClaims = _ => null };

        Should.NotThrow(() => Valid().Validate("s"));
        Should.Throw<InvalidOperationException>(() => new SessionAuthenticationOptions<AuthSession>().Validate("s")).Message.ShouldContain("'s' needs GetClaims");
        SessionAuthenticationOptions<AuthSession> noParameter = Valid();
        noParameter.LoginPath = "/login";
        noParameter.ReturnUrlParameter = "";
        Should.Throw<InvalidOperationException>(() => noParameter.Validate("s")).Message.ShouldContain("has a LoginPath or AccessDeniedPath but no ReturnUrlParameter");
        SessionAuthenticationOptions<AuthSession> unset = Valid();
        unset.IsBrowserRequest = null!;
        Should.Throw<InvalidOperationException>(() => unset.Validate("s")).Message.ShouldContain("IsBrowserRequest, NameClaimType or RoleClaimType");
        unset = Valid();
        unset.NameClaimType = null!;
        Should.Throw<InvalidOperationException>(() => unset.Validate("s"));
        unset = Valid();
        unset.RoleClaimType = null!;
        Should.Throw<InvalidOperationException>(() => unset.Validate("s"));
    }

    [TestCase("text/html,application/xhtml+xml", null, true)]
    [TestCase("TEXT/HTML", null, true)]
    [TestCase("application/json", null, false)]
    [TestCase("*/*", null, false)]
    [TestCase("text/html", "XMLHttpRequest", false)]
    public void A_browser_request_asks_for_html_and_is_not_a_script(string accept, string? requestedWith, bool browser)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Accept = accept;
        if (requestedWith is not null)
        {
            context.Request.Headers.XRequestedWith = requestedWith;
        }

        new SessionAuthenticationOptions<AuthSession>().IsBrowserRequest(context.Request).ShouldBe(browser);
    }

    [Test]
    public void A_cookie_rule_broken_in_configuration_is_reported_in_configuration_keys()
    {
        var iron = new IronSessionSettings { CookieName = "counter", Password = PasswordA };
        (iron.Cookie.SameSite, iron.Cookie.Secure) = (SameSite.None, false);
        Should.Throw<ArgumentException>(() => iron.ToOptions()).Message
            .ShouldBe("IronSession:Cookie: SameSite=None requires Secure: browsers drop such a cookie. Set IronSession:Cookie:Secure to true, or set IronSession:Cookie:SameSite to Lax.");

        var h3 = new H3SessionSettings { Name = "h3", Password = PasswordA, Cookie = new H3CookieSettings { SameSite = SameSite.None, Secure = false } };
        Should.Throw<ArgumentException>(() => h3.ToOptions()).Message.ShouldContain("Set H3Session:Cookie:Secure to true, or set H3Session:Cookie:SameSite to Lax.");
    }
}
