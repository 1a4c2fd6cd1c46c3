using System.Text.Json.Serialization;
using Bunit;
using IronSeal.Blazor.Client;
using IronSeal.Blazor.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IronSeal.Blazor.Tests;

/// <summary>
/// bUnit: the sample's components that take the session, rendered as an interactive circuit renders them (no request,
/// the session cookies carried in persisted component state) or as prerendering does, over real seals.
/// </summary>
public sealed class SessionComponentTests
{
    private const string CookieName = "ironseal_sample";
    private const string StateKey = "IronSeal.ComponentSession." + CookieName;

    private BunitContext _context = null!;

    [SetUp]
    public void SetUp()
    {
        _context = new BunitContext();
        _context.Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()); // a host's settings bind from it
        _context.Services.AddIronSession<AppSession>(BlazorJsonContext.Default.AppSession, Configure);
    }

    [TearDown]
    public void TearDown() => _context.Dispose();

    [Test]
    public async Task In_a_circuit_the_panel_shows_the_user_and_the_session_the_page_request_carried()
    {
        _context.AddAuthorization().SetAuthorized("Ada Lovelace");
        _context.AddBunitPersistentComponentState().Persist(StateKey, await SessionCookieAsync(3));
        _context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        IRenderedComponent<SessionPanel> panel = _context.Render<SessionPanel>();

        panel.Find("#circuit-mode").TextContent.ShouldBe("Interactive (Server)");
        panel.Find("#circuit-user").TextContent.ShouldBe("Circuit user: Ada Lovelace");
        panel.Find("#circuit-cart").TextContent.ShouldBe("Cart in the session: 3 item(s)");
    }

    [Test]
    public async Task A_save_from_the_circuit_is_refused_with_where_to_save_instead()
    {
        _context.AddAuthorization().SetAuthorized("Ada Lovelace");
        _context.AddBunitPersistentComponentState().Persist(StateKey, await SessionCookieAsync(1));
        _context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        IRenderedComponent<SessionPanel> panel = _context.Render<SessionPanel>();

        panel.Find("#save-from-circuit").Click();

        string message = panel.Find("#save-message").TextContent;
        message.ShouldStartWith("IronSeal: the AppSession session cannot be saved from an interactive component");
        message.ShouldContain("a form posted to a statically rendered page");
        message.ShouldContain("ComponentSession<T>.CanSave");
    }

    [Test]
    public void Prerendered_the_panel_says_so_and_offers_no_save()
    {
        _context.AddAuthorization();
        _context.SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        IRenderedComponent<SessionPanel> panel = _context.Render<SessionPanel>();

        panel.Find("#circuit-mode").TextContent.ShouldBe("Prerendered on the server");
        panel.Find("#circuit-user").TextContent.ShouldBe("Circuit user: signed out");
        panel.Find("#save-from-circuit").HasAttribute("disabled").ShouldBeTrue();
    }

    [TestCase("Fe26.2*1*not-a-seal")]
    [TestCase("")]
    public void A_tampered_or_missing_cookie_in_the_state_is_an_empty_session_not_an_error(string value)
    {
        _context.AddAuthorization();
        _context.AddBunitPersistentComponentState().Persist(StateKey, $"{CookieName}={value}");
        _context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        IRenderedComponent<SessionPanel> panel = _context.Render<SessionPanel>();

        panel.Find("#circuit-cart").TextContent.ShouldBe("Cart in the session: 0 item(s)");
    }

    [Test]
    public void A_component_not_prerendered_has_no_carried_cookies_and_sees_an_empty_session()
    {
        _context.AddAuthorization();
        _context.AddBunitPersistentComponentState();
        _context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        ComponentSession<AppSession> session = _context.Services.GetRequiredService<ComponentSession<AppSession>>();

        session.IsInRequest.ShouldBeFalse();
        session.CanSave.ShouldBeFalse();
        session.Data.Cart.ShouldBeEmpty();
        session.Data.User.ShouldBeNull();
    }

    [Test]
    public void The_webassembly_badge_shows_the_user_it_was_given_or_a_guest()
    {
        var authorization = _context.AddAuthorization();
        _context.SetRendererInfo(new RendererInfo("WebAssembly", isInteractive: true));
        IRenderedComponent<UserBadge> badge = _context.Render<UserBadge>();
        badge.Find("#wasm-mode").TextContent.ShouldBe("Interactive (WebAssembly)");
        badge.Find("#wasm-user").TextContent.ShouldBe("WebAssembly user: guest");

        authorization.SetAuthorized("Alan Turing");
        badge.Render();

        badge.Find("#wasm-user").TextContent.ShouldBe("WebAssembly user: Alan Turing");
    }

    [Test]
    public async Task An_h3_session_reads_in_a_circuit_and_refuses_a_save_the_same_way()
    {
        using var context = new BunitContext();
        context.Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        context.Services.AddH3Session<NuxtSession>(NuxtJsonContext.Default.NuxtSession, settings =>
        {
            settings.Name = "h3";
            settings.Password = Repository.Password;
        });
        var options = new H3SessionOptions { Password = PasswordSet.FromString(Repository.Password) };
        var store = new CapturingStore();
        H3Session<NuxtSession> written = await H3Session.GetAsync(store, options, NuxtJsonContext.Default.NuxtSession);
        written.Data.Theme = "dark";
        await written.SaveAsync();
        context.AddBunitPersistentComponentState().Persist("IronSeal.ComponentSession.h3", store.Header);

        ComponentSession<NuxtSession> session = context.Services.GetRequiredService<ComponentSession<NuxtSession>>();

        session.Data.Theme.ShouldBe("dark");
        InvalidOperationException refused = await Should.ThrowAsync<InvalidOperationException>(session.SaveAsync().AsTask());
        refused.Message.ShouldStartWith("IronSeal: the NuxtSession session cannot be saved from an interactive component");
        session.Data.Theme.ShouldBe("dark", "a refused save loses nothing");
    }

    private static void Configure(IronSessionSettings settings)
    {
        settings.Password = Repository.Password;
        settings.CookieName = CookieName;
    }

    /// <summary>The Cookie header a browser would send after the sample saved a cart of <paramref name="items"/> ink bottles.</summary>
    private static async Task<string> SessionCookieAsync(int items)
    {
        var settings = new IronSessionSettings();
        Configure(settings);
        var store = new CapturingStore();
        IronSession<AppSession> session = await IronSession.GetAsync(store, settings.ToOptions(), BlazorJsonContext.Default.AppSession);
        session.Data.Cart.Add(new CartLine { Sku = "ink", Quantity = items });
        await session.SaveAsync();
        return store.Header;
    }

    /// <summary>Keeps what a save sets, as the browser's next Cookie header.</summary>
    private sealed class CapturingStore : ICookieStore
    {
        private readonly Dictionary<string, string> _cookies = [];

        public string Header => string.Join("; ", _cookies.Select(cookie => $"{cookie.Key}={cookie.Value}"));

        public string RequestCookieHeader => Header;

        public void Set(string name, ReadOnlySpan<char> value, CookieAttributes attributes) => _cookies[name] = value.ToString();
    }
}

public sealed class NuxtSession
{
    public string? Theme { get; set; }
}

[JsonSerializable(typeof(NuxtSession))]
internal sealed partial class NuxtJsonContext : JsonSerializerContext;
