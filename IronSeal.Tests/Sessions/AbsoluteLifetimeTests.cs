using System.Text.Json.Nodes;
using IronSeal.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.Tests.Sessions;

/// <summary>
/// Issue 12, fault 4: a stolen rolling-session cookie, replayed every 61 minutes, stayed valid for ever. With
/// <see cref="IronSessionOptions.AbsoluteLifetime"/> renewals never carry it past its first issue plus the lifetime.
/// </summary>
public sealed class AbsoluteLifetimeTests
{
    private static readonly DateTimeOffset s_start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private static IronSessionOptions Options(FakeTimeProvider clock, TimeSpan? lifetime, List<SealException>? errors = null) => new()
    {
        CookieName = "sid",
        Password = TestPasswords.One,
        Rolling = true,
        Ttl = TimeSpan.FromHours(2),
        AbsoluteLifetime = lifetime,
        TimeProvider = clock,
        OnUnsealError = errors is null ? null : errors.Add,
    };

    /// <summary>One request of the thief: send the jar's cookie, let a due session renew as an adapter would, keep what comes back.</summary>
    private static async Task<bool> ReplayAsync(BrowserJar jar, IronSessionOptions options)
    {
        var store = new HeaderCookieStore(jar.CookieHeader);
        IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(store, options);
        await session.RenewIfDueAsync();
        jar.Apply(store.SetCookieHeaders);
        return session.Data.ContainsKey("user");
    }

    private static async Task<BrowserJar> SignedInAsync(IronSessionOptions options)
    {
        var store = new HeaderCookieStore(null);
        IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(store, options);
        session.Data["user"] = "ada";
        await session.SaveAsync();
        var jar = new BrowserJar();
        jar.Apply(store.SetCookieHeaders);
        return jar;
    }

    [Test]
    public async Task Without_a_lifetime_a_cookie_replayed_every_61_minutes_lives_for_30_days()
    {
        var clock = new FakeTimeProvider(s_start);
        IronSessionOptions options = Options(clock, lifetime: null);
        BrowserJar jar = await SignedInAsync(options);

        for (int hour = 0; hour < 30 * 24; hour++)
        {
            clock.Advance(TimeSpan.FromMinutes(61));
            (await ReplayAsync(jar, options)).ShouldBeTrue($"after {hour + 1} replays");
        }
    }

    [Test]
    public async Task With_a_one_day_lifetime_the_replayed_cookie_dies_one_day_after_its_first_issue()
    {
        var clock = new FakeTimeProvider(s_start);
        var errors = new List<SealException>();
        IronSessionOptions options = Options(clock, TimeSpan.FromDays(1), errors);
        BrowserJar jar = await SignedInAsync(options);

        int alive = 0;
        while (await ReplayAsync(jar, options))
        {
            alive++;
            clock.Advance(TimeSpan.FromMinutes(61));
        }

        (clock.GetUtcNow() - s_start).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromHours(23));
        (clock.GetUtcNow() - s_start).ShouldBeLessThanOrEqualTo(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(62));
        alive.ShouldBeGreaterThan(20);
        errors.ShouldNotBeEmpty();
        errors[^1].Reason.ShouldBe(SealError.Expired);
    }

    [Test]
    public async Task Renewed_seals_never_expire_after_the_first_issue_plus_the_lifetime_and_max_age_shrinks_to_match()
    {
        var clock = new FakeTimeProvider(s_start);
        IronSessionOptions options = Options(clock, TimeSpan.FromHours(3));
        BrowserJar jar = await SignedInAsync(options);
        clock.Advance(TimeSpan.FromMinutes(90)); // the 2-hour seal is still valid; 90 minutes of the 3-hour lifetime are left

        var store = new HeaderCookieStore(jar.CookieHeader);
        IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(store, options);
        session.Data["n"] = 1;
        await session.SaveAsync();

        string header = store.SetCookieHeaders.Single();
        header[header.IndexOf(";", StringComparison.Ordinal)..].ShouldStartWith("; Max-Age=5400;");
        string seal = header["sid=".Length..header.IndexOf(';', StringComparison.Ordinal)];
        Unsealed<JsonObject> opened = Iron.Open<JsonObject>(seal, new SealOptions { Password = TestPasswords.One, TimeProvider = clock });
        opened.ExpiresAt.ShouldBe(s_start + TimeSpan.FromHours(3));
    }

    [Test]
    public async Task The_first_issue_time_travels_inside_the_seal_where_a_node_app_sees_it()
    {
        var clock = new FakeTimeProvider(s_start);
        IronSessionOptions options = Options(clock, TimeSpan.FromDays(7));
        BrowserJar jar = await SignedInAsync(options);
        string seal = jar.Cookies["sid"];

        JsonObject data = Iron.Unseal<JsonObject>(seal, new SealOptions { Password = TestPasswords.One, TimeProvider = clock });

        data["user"]!.GetValue<string>().ShouldBe("ada");
        data["_ironseal_iat"]!.GetValue<long>().ShouldBe(s_start.ToUnixTimeMilliseconds());
    }

    [Test]
    public async Task A_session_sealed_without_a_first_issue_time_starts_its_lifetime_at_its_next_save()
    {
        // What a Node app (or a version of IronSeal before every session carried the member) writes.
        var clock = new FakeTimeProvider(s_start);
        var jar = new BrowserJar();
        jar.Apply([$"sid={Iron.Seal(new JsonObject { ["user"] = "ada" }, new SealOptions { Password = TestPasswords.One, TimeProvider = clock, Ttl = TimeSpan.FromHours(2) })}; Path=/"]);
        clock.Advance(TimeSpan.FromMinutes(90)); // due for renewal

        (await ReplayAsync(jar, Options(clock, TimeSpan.FromHours(1)))).ShouldBeTrue();
        Iron.Unseal<JsonObject>(jar.Cookies["sid"], new SealOptions { Password = TestPasswords.One, TimeProvider = clock })["_ironseal_iat"]!
            .GetValue<long>().ShouldBe(clock.GetUtcNow().ToUnixTimeMilliseconds());
    }

    [Test]
    public async Task A_session_saved_before_the_option_was_turned_on_counts_from_its_first_save()
    {
        var clock = new FakeTimeProvider(s_start);
        BrowserJar jar = await SignedInAsync(Options(clock, lifetime: null));
        clock.Advance(TimeSpan.FromMinutes(90));

        (await ReplayAsync(jar, Options(clock, TimeSpan.FromHours(1)))).ShouldBeFalse();
    }

    [Test]
    public void A_lifetime_under_a_second_is_refused_with_what_to_set()
    {
        IronSessionOptions options = Options(new FakeTimeProvider(s_start), TimeSpan.FromMilliseconds(10));

        Should.Throw<ArgumentException>(options.Validate).Message.ShouldContain("AbsoluteLifetime");
    }

    [Test]
    public void The_member_is_appended_to_empty_and_full_objects_and_read_back_last_wins()
    {
        using (JsonPayload.JsonLease empty = JsonPayload.WriteSession(new JsonObject(), Json<JsonObject>(), kept: null, reservedPrefix: "_x"u8, extras: [new JsonPayload.ExtraMember("_x"u8.ToArray(), 5)]))
        {
            System.Text.Encoding.UTF8.GetString(empty.Bytes).ShouldBe("""{"_x":5}""");
        }

        using JsonPayload.JsonLease full = JsonPayload.WriteSession(new JsonObject { ["a"] = new JsonObject { ["_x"] = 1 } }, Json<JsonObject>(), kept: null, reservedPrefix: "_x"u8, extras: [new JsonPayload.ExtraMember("_x"u8.ToArray(), -7)]);
        System.Text.Encoding.UTF8.GetString(full.Bytes).ShouldBe("""{"a":{"_x":1},"_x":-7}""");
        JsonPayload.ReadTopLevelInt64(full.Bytes, "_x"u8).ShouldBe(-7);
        JsonPayload.ReadTopLevelInt64("""{"_x":1,"_x":2}"""u8, "_x"u8).ShouldBe(2);
        JsonPayload.ReadTopLevelInt64("""{"_x":"1"}"""u8, "_x"u8).ShouldBeNull();
        JsonPayload.ReadTopLevelInt64("""[1]"""u8, "_x"u8).ShouldBeNull();
        Should.Throw<InvalidOperationException>(() => JsonPayload.WriteSession(new JsonArray(), Json<JsonArray>(), kept: null, reservedPrefix: "_x"u8, extras: [new JsonPayload.ExtraMember("_x"u8.ToArray(), 1)]));
    }

    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> Json<T>() =>
        (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)System.Text.Json.JsonSerializerOptions.Web.GetTypeInfo(typeof(T));
}
