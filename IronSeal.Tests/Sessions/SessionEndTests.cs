using System.Text.Json.Nodes;
using IronSeal.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.Tests.Sessions;

/// <summary>
/// What a sign-in's AuthenticationProperties need of an iron-session session (issue 25): an end of its own that no
/// later save extends (<see cref="IronSession{T}.EndsAt"/>), a browser-session cookie that stays one
/// (<see cref="IronSession{T}.IsBrowserSession"/>), and a fresh start (<see cref="IronSession{T}.Restart"/>).
/// </summary>
public sealed class SessionEndTests
{
    private static readonly DateTimeOffset s_start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private static IronSessionOptions Options(FakeTimeProvider clock, TimeSpan? lifetime = null, List<SealException>? errors = null) => new()
    {
        CookieName = "sid",
        Password = TestPasswords.One,
        Rolling = true,
        Ttl = TimeSpan.FromHours(2),
        AbsoluteLifetime = lifetime,
        TimeProvider = clock,
        OnUnsealError = errors is null ? null : errors.Add,
    };

    private static async Task<(IronSession<JsonObject> Session, HeaderCookieStore Store)> OpenAsync(BrowserJar jar, IronSessionOptions options)
    {
        var store = new HeaderCookieStore(jar.CookieHeader);
        return (await IronSession.GetAsync<JsonObject>(store, options), store);
    }

    [Test]
    public async Task An_end_stops_the_seal_and_the_cookie_there_and_no_renewal_carries_the_session_past_it()
    {
        var clock = new FakeTimeProvider(s_start);
        var errors = new List<SealException>();
        IronSessionOptions options = Options(clock, errors: errors);
        var jar = new BrowserJar();
        (IronSession<JsonObject> session, HeaderCookieStore store) = await OpenAsync(jar, options);
        session.Data["user"] = "ada";
        session.EndsAt = s_start.AddMinutes(90);
        await session.SaveAsync();
        store.SetCookieHeaders.ShouldHaveSingleItem().ShouldContain("Max-Age=5400;");
        jar.Apply(store.SetCookieHeaders);

        // Past half the ttl a rolling session renews; the renewal keeps the end (Max-Age = what is left), not ttl − 60 s.
        clock.Advance(TimeSpan.FromMinutes(70));
        (session, store) = await OpenAsync(jar, options);
        session.EndsAt.ShouldBe(s_start.AddMinutes(90));
        session.Data["user"]!.GetValue<string>().ShouldBe("ada");
        (await session.RenewIfDueAsync()).ShouldBeTrue();
        store.SetCookieHeaders.ShouldHaveSingleItem().ShouldContain("Max-Age=1200;");
        jar.Apply(store.SetCookieHeaders);
        session.ExpiresAt.ShouldBe(s_start.AddMinutes(90));

        clock.Advance(TimeSpan.FromMinutes(20));
        (session, _) = await OpenAsync(jar, options);
        session.Data.ContainsKey("user").ShouldBeFalse("the end has come: the seal itself expired there");
        errors.ShouldNotBeEmpty();
        errors[^1].Reason.ShouldBe(SealError.Expired);
    }

    [Test]
    public async Task An_end_after_the_ttl_does_not_extend_it_and_an_end_past_is_refused_even_inside_a_longer_seal()
    {
        var clock = new FakeTimeProvider(s_start);
        var errors = new List<SealException>();
        IronSessionOptions options = Options(clock, errors: errors) with { Ttl = TimeSpan.Zero };
        var jar = new BrowserJar();
        (IronSession<JsonObject> session, HeaderCookieStore store) = await OpenAsync(jar, options with { Ttl = TimeSpan.FromHours(2) });
        session.Data["user"] = "ada";
        session.EndsAt = s_start.AddDays(3);
        await session.SaveAsync();
        session.IsSaved.ShouldBeTrue();
        jar.Apply(store.SetCookieHeaders);
        (await OpenAsync(jar, options)).Session.ExpiresAt.ShouldBe(s_start.AddHours(2), "the ttl ends first");

        // A seal that never expires (ttl 0) still stops at the end kept inside it.
        (session, store) = await OpenAsync(new BrowserJar(), options);
        session.Data["user"] = "alan";
        session.EndsAt = s_start.AddMinutes(5);
        await session.SaveAsync();
        jar = new BrowserJar();
        jar.Apply(store.SetCookieHeaders);
        (await OpenAsync(jar, options)).Session.ExpiresAt.ShouldBe(s_start.AddMinutes(5));
        clock.Advance(TimeSpan.FromMinutes(6));
        (await OpenAsync(jar, options with { TimeProvider = clock })).Session.Data.ContainsKey("user").ShouldBeFalse();
        errors[^1].Reason.ShouldBe(SealError.Expired);
    }

    [Test]
    public async Task A_browser_session_cookie_stays_one_through_later_saves_and_the_reserved_members_are_not_the_data()
    {
        var clock = new FakeTimeProvider(s_start);
        IronSessionOptions options = Options(clock, lifetime: TimeSpan.FromDays(30));
        var jar = new BrowserJar();
        (IronSession<JsonObject> session, HeaderCookieStore store) = await OpenAsync(jar, options);
        session.Data["user"] = "ada";
        session.IsBrowserSession = true;
        await session.SaveAsync();
        string first = store.SetCookieHeaders.ShouldHaveSingleItem();
        first.ShouldNotContain("Max-Age");
        first.ShouldNotContain("Expires");
        jar.Apply(store.SetCookieHeaders);

        (session, store) = await OpenAsync(jar, options);
        session.IsBrowserSession.ShouldBeTrue();
        session.Data.ContainsKey("_ironseal_bs").ShouldBeFalse("the stamp is the session's, not the app's data");
        session.Data.ContainsKey("_ironseal_iat").ShouldBeFalse();
        session.Data["visits"] = 1;
        await session.SaveAsync();
        store.SetCookieHeaders.ShouldHaveSingleItem().ShouldNotContain("Max-Age");
        jar.Apply(store.SetCookieHeaders);

        // The seal holds each reserved member once, however many saves.
        string json = Iron.Unseal<JsonObject>(jar.Cookies["sid"], new SealOptions { Password = TestPasswords.One, TimeProvider = clock }).ToJsonString();
        json.Split("_ironseal_bs").Length.ShouldBe(2, json);
        json.Split("_ironseal_iat").Length.ShouldBe(2, json);
    }

    [Test]
    public async Task Restart_starts_a_new_session_in_place_and_the_absolute_lifetime_counts_again()
    {
        var clock = new FakeTimeProvider(s_start);
        IronSessionOptions options = Options(clock, lifetime: TimeSpan.FromDays(1));
        var jar = new BrowserJar();
        (IronSession<JsonObject> session, HeaderCookieStore store) = await OpenAsync(jar, options);
        session.Data["guest"] = "cart";
        session.EndsAt = s_start.AddHours(1);
        session.IsBrowserSession = true;
        await session.SaveAsync();
        jar.Apply(store.SetCookieHeaders);

        clock.Advance(TimeSpan.FromMinutes(50));
        (session, store) = await OpenAsync(jar, options);
        session.Restart();
        session.Data.Count.ShouldBe(0, "a fresh start keeps nothing of the cookie");
        session.Data["user"] = "ada";
        session.EndsAt.ShouldBeNull();
        session.IsBrowserSession.ShouldBeFalse();
        await session.SaveAsync();
        store.SetCookieHeaders.ShouldHaveSingleItem().ShouldContain("Max-Age=7140;");
        jar.Apply(store.SetCookieHeaders);

        // The first issue is the restart's: 23 h after it (24 h after the guest's cookie) the session lives.
        clock.Advance(TimeSpan.FromHours(1.9));
        for (int i = 0; i < 12; i++)
        {
            (session, store) = await OpenAsync(jar, options);
            session.Data["user"]!.GetValue<string>().ShouldBe("ada", $"renewal {i}");
            session.Data.ContainsKey("guest").ShouldBeFalse();
            await session.RenewIfDueAsync();
            jar.Apply(store.SetCookieHeaders);
            clock.Advance(TimeSpan.FromHours(1.9));
        }

        session.Destroy();
        Should.Throw<SessionDestroyedException>(session.Restart);
    }
}
