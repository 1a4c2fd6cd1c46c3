using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.AspNetCore.Tests;

/// <summary>
/// Issue 27: what Blazor components get from the adapter, on Kestrel with a real HTTP client. The circuit's
/// <see cref="SessionAuthenticationStateProvider"/> is fed the principal the IronSeal scheme authenticated in a real
/// request (as a circuit is), and revalidated on a fake clock; <see cref="ComponentSession{T}"/> in a request is the
/// request's session for both formats.
/// </summary>
public sealed class ComponentsTests
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(50);

    private sealed record Started(WebApplication App, HttpClient Client, FakeTimeProvider Clock, List<ClaimsPrincipal> Users) : IAsyncDisposable
    {
        /// <summary>Signs in through the session, then has one authenticated request hand its principal over, as a circuit's start does.</summary>
        public async Task<ClaimsPrincipal> SignInAsync(string name)
        {
            (await Client.PostAsync($"/signin?name={name}", null)).EnsureSuccessStatusCode();
            (await Client.GetStringAsync("/circuit")).ShouldBe(name);
            return Users[^1];
        }

        /// <summary>A circuit's provider (its own scope, as each circuit has) holding <paramref name="user"/>.</summary>
        public SessionAuthenticationStateProvider Circuit(ClaimsPrincipal user)
        {
            var provider = (SessionAuthenticationStateProvider)App.Services.CreateScope().ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
            provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(user)));
            return provider;
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await App.DisposeAsync();
        }
    }

    private static Task<Started> StartAsync(Action<SessionAuthenticationStateOptions>? configure = null, params string[] args) => StartAsync(configure, null, args);

    private static async Task<Started> StartAsync(Action<SessionAuthenticationStateOptions>? configure, Action<IServiceCollection>? services, params string[] args)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        WebApplicationBuilder builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0", .. args]);
        builder.Logging.ClearProviders().AddFakeLogging();
        builder.Services.AddSingleton<TimeProvider>(clock);
        AuthenticationTests.AddAuthSessions(builder.Services);
        builder.Services.AddIronSessionAuthenticationState(options =>
        {
            options.RevalidationInterval = s_interval;
            configure?.Invoke(options);
        });
        services?.Invoke(builder.Services);
        WebApplication app = builder.Build();
        List<ClaimsPrincipal> users = [];
        app.UseAuthentication();
        app.MapPost("/signin", async (IronSession<AuthSession> session, string name) =>
        {
            session.Data.User = new AuthUser("1", name, "user");
            await session.SaveAsync();
        });
        app.MapGet("/circuit", (HttpContext context) =>
        {
            lock (users)
            {
                users.Add(context.User);
            }

            return context.User.Identity?.Name ?? "anonymous";
        });
        app.MapPost("/component-session", async (HttpContext context, IronSession<AuthSession> session) =>
        {
            ComponentSession<AuthSession> component = context.RequestServices.GetRequiredService<ComponentSession<AuthSession>>();
            bool same = ReferenceEquals(component.Data, session.Data);
            bool inRequest = component.IsInRequest, canSave = component.CanSave;
            component.Data.Visits++;
            await component.SaveAsync();
            await context.Response.WriteAsync($"{same}:{inRequest}:{canSave}:");
            await context.Response.Body.FlushAsync();
            await context.Response.WriteAsync(component.CanSave.ToString());
        });
        await app.StartAsync();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(app.Urls.Single()) };
        return new Started(app, client, clock, users);
    }

    /// <summary>Waits (real time, a few intervals at most) for the provider's next user.</summary>
    private static async Task<ClaimsPrincipal?> NextUserAsync(SessionAuthenticationStateProvider provider, TimeSpan within)
    {
        var changed = new TaskCompletionSource<ClaimsPrincipal>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state => changed.TrySetResult((await state).User);
        Task ended = await Task.WhenAny(changed.Task, Task.Delay(within));
        return ended == changed.Task ? await changed.Task : null;
    }

    [Test]
    public async Task A_circuit_is_signed_out_within_the_interval_once_its_session_expires_and_not_before()
    {
        await using Started app = await StartAsync(null, "--IronSession:Ttl=1.00:00:00");
        ClaimsPrincipal user = await app.SignInAsync("ada");
        using SessionAuthenticationStateProvider circuit = app.Circuit(user);

        app.Clock.Advance(TimeSpan.FromHours(23));
        (await NextUserAsync(circuit, s_interval * 6)).ShouldBeNull("a live session keeps its circuit");

        app.Clock.Advance(TimeSpan.FromHours(1));
        ClaimsPrincipal? after = await NextUserAsync(circuit, TimeSpan.FromSeconds(10));

        after.ShouldNotBeNull("the circuit was signed out");
        after.Identity?.IsAuthenticated.ShouldNotBe(true);
        (await circuit.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated.ShouldNotBe(true);
        FakeLogRecord signedOut = app.App.Services.GetFakeLogCollector().GetSnapshot().Single(record => record.Id.Id == 6);
        signedOut.Level.ShouldBe(LogLevel.Information);
        signedOut.Message.ShouldContain("its session expired");
    }

    [Test]
    public async Task With_revocation_on_a_circuit_is_signed_out_within_the_interval_once_its_user_is_signed_out_everywhere()
    {
        await using Started app = await StartAsync(null, services => services.AddIronSessionRevocation<AuthSession>(session => session.User?.Id));
        using SessionAuthenticationStateProvider circuit = app.Circuit(await app.SignInAsync("ada"));
        (await NextUserAsync(circuit, s_interval * 6)).ShouldBeNull("a session not revoked keeps its circuit");

        app.Clock.Advance(TimeSpan.FromMilliseconds(1)); // a session issued before the revocation
        await app.App.Services.GetRequiredService<SessionRevocation>().RevokeUserAsync("1");
        ClaimsPrincipal? after = await NextUserAsync(circuit, TimeSpan.FromSeconds(10));

        after.ShouldNotBeNull("the circuit was signed out");
        after.Identity?.IsAuthenticated.ShouldNotBe(true);
        app.App.Services.GetFakeLogCollector().GetSnapshot().Single(record => record.Category == "IronSeal" && record.Id.Id == 6)
            .Message.ShouldContain("its session was revoked (user)");
    }

    [Test]
    public async Task Revalidate_refusing_the_user_signs_the_circuit_out_with_the_reason_logged()
    {
        bool revoked = false;
        await using Started app = await StartAsync(options => options.Revalidate = (user, _) => Task.FromResult(!(revoked && user.Identity?.Name == "ada")));
        using SessionAuthenticationStateProvider circuit = app.Circuit(await app.SignInAsync("ada"));
        (await NextUserAsync(circuit, s_interval * 6)).ShouldBeNull();

        revoked = true;
        ClaimsPrincipal? after = await NextUserAsync(circuit, TimeSpan.FromSeconds(10));

        after.ShouldNotBeNull();
        after.Identity?.IsAuthenticated.ShouldNotBe(true);
        app.App.Services.GetFakeLogCollector().GetSnapshot().Single(record => record.Id.Id == 6).Message.ShouldContain("Revalidate refused the user");
    }

    [Test]
    public async Task A_user_of_another_scheme_is_left_to_revalidate_and_never_expires_by_the_session_clock()
    {
        await using Started app = await StartAsync();
        var other = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "bob")], "other-scheme"));
        using SessionAuthenticationStateProvider circuit = app.Circuit(other);

        app.Clock.Advance(TimeSpan.FromDays(400));

        (await NextUserAsync(circuit, s_interval * 6)).ShouldBeNull();
        (await circuit.GetAuthenticationStateAsync()).User.Identity!.Name.ShouldBe("bob");
    }

    [Test]
    public async Task A_revalidation_interval_of_zero_is_refused_at_start_up_with_the_setting_to_change()
    {
        var exception = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            async () => await StartAsync(options => options.RevalidationInterval = TimeSpan.Zero));

        exception.Message.ShouldContain("SessionAuthenticationStateOptions.RevalidationInterval must be more than zero");
    }

    [Test]
    public async Task In_a_request_the_component_session_is_the_requests_own_session_and_saves_it()
    {
        await using Started app = await StartAsync();
        (await app.Client.PostAsync("/signin?name=ada", null)).EnsureSuccessStatusCode();

        HttpResponseMessage response = await app.Client.PostAsync("/component-session", null);

        (await response.Content.ReadAsStringAsync()).ShouldBe("True:True:True:False", customMessage: "same data, in a request, can save until the response starts");
        response.Headers.GetValues("Set-Cookie").ShouldContain(cookie => cookie.StartsWith("auth=Fe26.2*", StringComparison.Ordinal));
        (await app.Client.PostAsync("/component-session", null)).EnsureSuccessStatusCode();
        (await app.Client.GetStringAsync("/circuit")).ShouldBe("ada", "the save kept the user");
    }

    [Test]
    public async Task An_h3_circuit_is_signed_out_once_MaxAge_has_passed_since_the_session_was_created()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        WebApplicationBuilder builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0", "--H3Session:MaxAge=02:00:00"]);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddH3Session<NuxtSessionData>(settings =>
        {
            settings.Name = "nuxt-session";
            settings.Password = Repository.Password;
        });
        builder.Services.AddAuthentication(IronSessionAuthenticationDefaults.H3AuthenticationScheme)
            .AddH3Session<NuxtSessionData>(options => options.GetClaims = data => data.User?.Name is { } name ? [new Claim(ClaimTypes.Name, name)] : null);
        builder.Services.AddIronSessionAuthenticationState(options => options.RevalidationInterval = s_interval);
        await using WebApplication app = builder.Build();
        ClaimsPrincipal? user = null;
        app.UseAuthentication();
        app.MapPost("/signin", async (H3Session<NuxtSessionData> session) =>
        {
            session.Data.User = new NuxtUser { Name = "ada" };
            await session.SaveAsync();
        });
        app.MapGet("/circuit", (HttpContext context) => (user = context.User).Identity?.Name ?? "anonymous");
        await app.StartAsync();
        // Cookies by hand: their Expires is on the fake clock, which a CookieContainer would take for the past.
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri(app.Urls.Single()) };
        HttpResponseMessage signedIn = await client.PostAsync("/signin", null);
        string cookie = signedIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var request = new HttpRequestMessage(HttpMethod.Get, "/circuit") { Headers = { { "Cookie", cookie } } };
        (await (await client.SendAsync(request)).Content.ReadAsStringAsync()).ShouldBe("ada");
        using var circuit = (SessionAuthenticationStateProvider)app.Services.CreateScope().ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        circuit.SetAuthenticationState(Task.FromResult(new AuthenticationState(user!)));

        clock.Advance(TimeSpan.FromMinutes(119));
        (await NextUserAsync(circuit, s_interval * 6)).ShouldBeNull("within MaxAge the circuit keeps its user");
        clock.Advance(TimeSpan.FromMinutes(1));

        (await NextUserAsync(circuit, TimeSpan.FromSeconds(10)))?.Identity?.IsAuthenticated.ShouldBe(false);
        (await circuit.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated.ShouldNotBe(true);
    }
}
