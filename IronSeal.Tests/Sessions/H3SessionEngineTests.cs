using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.Tests.Sessions;

/// <summary>
/// What the h3 format adds to the one engine, without Node: h3 2.x's idle timeout and its sliding re-save, the
/// one-round fallback and its immediate re-save, the header h3 reads first, the seal's ttl, and the options it refuses.
/// </summary>
public sealed class H3SessionEngineTests
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static H3SessionOptions V2(FakeTimeProvider clock, List<SealException>? errors = null) => new()
    {
        Password = TestPasswords.One, Version = H3Version.V2, IdleTimeout = TimeSpan.FromMinutes(10), MaxAge = TimeSpan.FromHours(1),
        TimeProvider = clock, OnUnsealError = errors is null ? null : errors.Add,
    };

    private static async Task<string> SavedCookie(H3SessionOptions options, string user = "ada")
    {
        var store = new HeaderCookieStore(null);
        H3Session<JsonObject> session = await H3Session.GetAsync<JsonObject>(store, options);
        session.Data["user"] = user;
        await session.SaveAsync();
        session.IsNew.ShouldBeFalse();
        return store.SetCookieHeaders.Single().Split(';')[0];
    }

    [Test]
    public async Task An_h3_2_session_past_half_its_idle_timeout_is_resaved_with_a_new_lastSeenAt_and_one_before_it_is_not()
    {
        var clock = new FakeTimeProvider(s_start);
        string cookie = await SavedCookie(V2(clock));

        clock.Advance(TimeSpan.FromMinutes(4));
        var early = new HeaderCookieStore(cookie);
        H3Session<JsonObject> notDue = await H3Session.GetAsync<JsonObject>(early, V2(clock));
        early.SetCookieHeaders.ShouldBeEmpty();
        notDue.LastSeenAt.ShouldBe(s_start);

        clock.Advance(TimeSpan.FromMinutes(2));
        var late = new HeaderCookieStore(cookie);
        H3Session<JsonObject> due = await H3Session.GetAsync<JsonObject>(late, V2(clock));
        late.SetCookieHeaders.Count.ShouldBe(1);
        due.LastSeenAt.ShouldBe(s_start.AddMinutes(6));
        due.Data["user"]!.GetValue<string>().ShouldBe("ada");
    }

    [Test]
    public async Task An_h3_2_session_idle_for_longer_than_its_timeout_is_refused_as_expired_and_one_older_than_MaxAge_too()
    {
        var clock = new FakeTimeProvider(s_start);
        var errors = new List<SealException>();
        string cookie = await SavedCookie(V2(clock));

        clock.Advance(TimeSpan.FromMinutes(11));
        (await H3Session.GetAsync<JsonObject>(new HeaderCookieStore(cookie), V2(clock, errors))).IsNew.ShouldBeTrue();
        errors.Single().Reason.ShouldBe(SealError.Expired);
        errors.Single().Message.ShouldContain("idle for longer than H3SessionOptions.IdleTimeout");

        // Kept alive by a request every 6 minutes, it still ends an hour after createdAt.
        clock = new FakeTimeProvider(s_start);
        cookie = await SavedCookie(V2(clock));
        errors.Clear();
        for (int minutes = 6; minutes < 60; minutes += 6)
        {
            clock.SetUtcNow(s_start.AddMinutes(minutes));
            var store = new HeaderCookieStore(cookie);
            (await H3Session.GetAsync<JsonObject>(store, V2(clock, errors))).IsNew.ShouldBeFalse($"at {minutes} minutes");
            cookie = store.SetCookieHeaders.Single().Split(';')[0];
        }

        clock.SetUtcNow(s_start.AddMinutes(61));
        (await H3Session.GetAsync<JsonObject>(new HeaderCookieStore(cookie), V2(clock, errors))).IsNew.ShouldBeTrue();
        errors.Single().Message.ShouldContain("older than H3SessionOptions.MaxAge");
    }

    [Test]
    public async Task An_h3_1_seal_opens_in_h3_2_by_the_one_round_fallback_and_is_resaved_with_8192_rounds_at_once()
    {
        var clock = new FakeTimeProvider(s_start);
        var v1 = new H3SessionOptions { Password = TestPasswords.One, TimeProvider = clock };
        string cookie = await SavedCookie(v1);
        var errors = new List<SealException>();

        var store = new HeaderCookieStore(cookie);
        H3Session<JsonObject> session = await H3Session.GetAsync<JsonObject>(store, V2(clock, errors));

        session.Data["user"]!.GetValue<string>().ShouldBe("ada");
        string resealed = store.SetCookieHeaders.Single().Split(';')[0];
        (await H3Session.GetAsync<JsonObject>(new HeaderCookieStore(resealed), v1 with { OnUnsealError = errors.Add })).IsNew.ShouldBeTrue();
        errors.Single().Reason.ShouldBe(SealError.BadMac);
    }

    [Test]
    public async Task The_session_header_is_read_before_the_cookie_and_a_session_from_it_is_not_resaved()
    {
        var clock = new FakeTimeProvider(s_start);
        string ada = (await SavedCookie(V2(clock), "ada"))["h3=".Length..];
        string grace = await SavedCookie(V2(clock), "grace");
        clock.Advance(TimeSpan.FromMinutes(6));

        var store = new HeaderCookieStore(grace);
        H3Session<JsonObject> session = await H3Session.GetAsync<JsonObject>(store, V2(clock), name => name == "x-h3-session" ? ada : null);
        session.Data["user"]!.GetValue<string>().ShouldBe("ada");
        store.SetCookieHeaders.ShouldBeEmpty();

        H3SessionOptions custom = V2(clock) with { SessionHeader = "X-Nuxt-Auth" };
        (await H3Session.GetAsync<JsonObject>(new HeaderCookieStore(null), custom, name => name == "x-nuxt-auth" ? ada : null))
            .Data["user"]!.GetValue<string>().ShouldBe("ada");
    }

    [Test]
    public async Task The_seal_expires_with_MaxAge_with_the_idle_timeout_when_there_is_no_MaxAge_and_never_without_either()
    {
        var clock = new FakeTimeProvider(s_start);
        static long Expiration(string cookie) => cookie.Split('*')[5] is { Length: > 0 } field ? long.Parse(field, System.Globalization.CultureInfo.InvariantCulture) : 0;

        Expiration(await SavedCookie(V2(clock))).ShouldBe(s_start.AddHours(1).ToUnixTimeMilliseconds());
        Expiration(await SavedCookie(V2(clock) with { MaxAge = null })).ShouldBe(s_start.AddMinutes(10).ToUnixTimeMilliseconds());
        Expiration(await SavedCookie(new H3SessionOptions { Password = TestPasswords.One, TimeProvider = clock })).ShouldBe(0);
    }

    [Test]
    public async Task A_new_session_has_an_h3_style_uuid_and_a_clear_gives_it_a_new_one()
    {
        var clock = new FakeTimeProvider(s_start);
        H3Session<JsonObject> session = await H3Session.GetAsync<JsonObject>(new HeaderCookieStore(null), V2(clock));
        Guid.TryParseExact(session.Id, "D", out _).ShouldBeTrue();
        session.Id.ShouldBe(session.Id.ToLowerInvariant());
        string before = session.Id;

        session.Clear();

        session.Id.ShouldNotBe(before);
        session.IsNew.ShouldBeTrue();
    }

    [Test]
    public void Options_h3_cannot_use_are_refused_with_what_to_change()
    {
        Should.Throw<ArgumentException>(() => new H3SessionOptions { Password = TestPasswords.One, Name = "" }.Validate()).Message.ShouldContain("H3SessionOptions.Name is missing");
        Should.Throw<ArgumentException>(() => new H3SessionOptions { Password = new Dictionary<string, string> { ["a"] = TestPasswords.One } }.Validate())
            .Message.ShouldContain("H3SessionOptions.Password cannot seal");
        Should.Throw<ArgumentException>(() => new H3SessionOptions { Password = TestPasswords.One, Version = (H3Version)7 }.Validate()).Message.ShouldContain("H3SessionOptions.Version is 7");
        Should.Throw<ArgumentException>(() => new H3SessionOptions { Password = TestPasswords.One, TimeProvider = null! }.Validate()).Message.ShouldContain("TimeProvider must not be null");
        Should.Throw<ArgumentException>(() => new H3SessionOptions { Password = TestPasswords.One, IdleTimeout = TimeSpan.FromSeconds(1.5), Version = H3Version.V2 }.Validate())
            .ParamName.ShouldBe("options");
    }
}
