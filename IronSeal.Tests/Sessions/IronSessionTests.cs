using System.Text.Json.Nodes;
using IronSeal.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.Tests.Sessions;

public sealed class IronSessionTests
{
    private static readonly DateTimeOffset s_start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private static IronSessionOptions Options(FakeTimeProvider? clock = null, List<SealException>? errors = null) => new()
    {
        CookieName = "sid",
        Password = TestPasswords.One,
        TimeProvider = clock ?? new FakeTimeProvider(s_start),
        OnUnsealError = errors is null ? null : errors.Add,
    };

    /// <summary>One request: opens the session from the jar, runs the handler, applies the Set-Cookie headers to the jar.</summary>
    private static async Task<(IronSession<UserSession> Session, IReadOnlyList<string> SetCookies)> Request(
        BrowserJar jar, IronSessionOptions options, Func<IronSession<UserSession>, Task>? handler = null)
    {
        var store = new HeaderCookieStore(jar.CookieHeader);
        IronSession<UserSession> session = await IronSession.GetAsync<UserSession>(store, options);
        if (handler is not null)
        {
            await handler(session);
        }

        jar.Apply(store.SetCookieHeaders);
        return (session, store.SetCookieHeaders);
    }

    private static async Task SignIn(IronSession<UserSession> session)
    {
        session.Data.UserId = "42";
        session.Data.IsLoggedIn = true;
        await session.SaveAsync();
    }

    [Test]
    public async Task A_request_without_a_cookie_gets_an_empty_session_and_no_Set_Cookie()
    {
        (IronSession<UserSession> session, IReadOnlyList<string> setCookies) = await Request(new BrowserJar(), Options());

        session.Data.UserId.ShouldBeNull();
        session.ExpiresAt.ShouldBeNull();
        setCookies.ShouldBeEmpty();
    }

    [Test]
    public async Task Save_writes_iron_sessions_default_cookie_and_the_next_request_reads_it()
    {
        var jar = new BrowserJar();
        (_, IReadOnlyList<string> setCookies) = await Request(jar, Options(), SignIn);
        (IronSession<UserSession> next, _) = await Request(jar, Options());

        setCookies.Count.ShouldBe(1);
        setCookies[0].ShouldStartWith("sid=Fe26.2*1*");
        setCookies[0].ShouldEndWith("~2; Max-Age=1209540; Path=/; HttpOnly; Secure; SameSite=Lax");
        next.Data.UserId.ShouldBe("42");
        next.Data.IsLoggedIn.ShouldBeTrue();
        next.ExpiresAt.ShouldBe(s_start + TimeSpan.FromDays(14));
    }

    [TestCase("tampered")]
    [TestCase("truncated")]
    [TestCase("foreign")]
    [TestCase("unknown id")]
    [TestCase("garbage")]
    [TestCase("wrong shape")]
    public async Task A_bad_cookie_gives_an_empty_session_and_tells_the_callback(string kind)
    {
        var jar = new BrowserJar();
        await Request(jar, Options(), SignIn);
        string seal = jar.Cookies["sid"];
        string bad = kind switch
        {
            "tampered" => seal[..100] + (seal[100] == 'a' ? 'b' : 'a') + seal[101..],
            "truncated" => seal[..(seal.Length / 2)],
            "foreign" => Iron.Seal(new { userId = "666" }, new SealOptions { Password = TestPasswords.Three }),
            "unknown id" => Iron.Seal(new { userId = "666" }, new SealOptions { Password = new Dictionary<string, string> { ["7"] = TestPasswords.One } }),
            "garbage" => "%FF%00\"';<script>",
            _ => Iron.Seal("a string, not an object", new SealOptions { Password = TestPasswords.One }),
        };
        var errors = new List<SealException>();

        (IronSession<UserSession> session, IReadOnlyList<string> setCookies) =
            await Request(new BrowserJar { }.With("sid", bad), Options(errors: errors));

        session.Data.UserId.ShouldBeNull();
        setCookies.ShouldBeEmpty();
        errors.Count.ShouldBe(1);
        errors[0].Reason.ShouldBe(kind switch
        {
            "tampered" or "foreign" => SealError.BadMac,
            "unknown id" => SealError.UnknownPasswordId,
            "wrong shape" => SealError.InvalidJson,
            _ => SealError.Malformed,
        });
    }

    [Test]
    public async Task An_expired_cookie_gives_an_empty_session_with_reason_Expired()
    {
        var clock = new FakeTimeProvider(s_start);
        var errors = new List<SealException>();
        IronSessionOptions options = Options(clock, errors) with { Ttl = TimeSpan.FromHours(1) };
        var jar = new BrowserJar();
        await Request(jar, options, SignIn);

        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(59));
        (await Request(jar, options)).Session.Data.UserId.ShouldBe("42");
        clock.Advance(TimeSpan.FromSeconds(1));
        (await Request(jar, options)).Session.Data.UserId.ShouldBeNull();

        errors.Single().Reason.ShouldBe(SealError.Expired);
    }

    [TestCase(0, 2147483647)]
    [TestCase(30, 30)]
    [TestCase(60, 60)]
    [TestCase(61, 1)]
    [TestCase(3600, 3540)]
    public async Task Max_Age_is_ttl_minus_60_seconds_the_longest_for_zero_and_the_whole_ttl_up_to_60(int ttlSeconds, int expectedMaxAge)
    {
        IronSessionOptions options = Options() with { Ttl = TimeSpan.FromSeconds(ttlSeconds) };

        (_, IReadOnlyList<string> setCookies) = await Request(new BrowserJar(), options, SignIn);

        setCookies[0].ShouldContain($"; Max-Age={expectedMaxAge}; ");
        setCookies[0].Split('*')[5].ShouldBe(ttlSeconds == 0 ? "" : (1_700_000_000_000 + (ttlSeconds * 1000L)).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public async Task Configured_cookie_attributes_are_written_and_an_explicit_MaxAge_wins()
    {
        IronSessionOptions options = Options() with
        {
            Cookie = IronSessionOptions.DefaultCookie with { Domain = "example.com", Path = "/app", MaxAge = TimeSpan.FromMinutes(5), SameSite = SameSite.Strict },
        };

        (_, IReadOnlyList<string> setCookies) = await Request(new BrowserJar(), options, SignIn);

        setCookies[0].ShouldEndWith("~2; Max-Age=300; Domain=example.com; Path=/app; HttpOnly; Secure; SameSite=Strict");
    }

    [Test]
    public async Task SaveAsync_reports_failures_and_cancellation_through_its_task_and_writes_nothing()
    {
        var store = new HeaderCookieStore(null);
        IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(store, Options());
        session.Data["blob"] = new string('x', 3_500);

        ValueTask tooLarge = session.SaveAsync(); // must not throw here
        tooLarge.IsFaulted.ShouldBeTrue();
        await Should.ThrowAsync<SessionCookieTooLargeException>(tooLarge.AsTask());

        ValueTask canceled = session.SaveAsync(new CancellationToken(canceled: true));
        canceled.IsCanceled.ShouldBeTrue();

        session.Destroy();
        session.Data["user"] = "mallory";
        ValueTask afterDestroy = session.SaveAsync();
        afterDestroy.IsFaulted.ShouldBeTrue();
        await Should.ThrowAsync<SessionDestroyedException>(afterDestroy.AsTask());
        store.SetCookieHeaders.Count.ShouldBe(1); // the destroy's deletion only
        session.IsSaved.ShouldBeFalse();
    }

    [Test]
    public async Task A_cookie_over_4096_bytes_is_refused_with_its_size_and_what_to_do()
    {
        var store = new HeaderCookieStore(null);
        IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(store, Options());
        session.Data["blob"] = new string('x', 3_500);

        var exception = await Should.ThrowAsync<SessionCookieTooLargeException>(async () => await session.SaveAsync());

        exception.ShouldBeAssignableTo<InvalidOperationException>();
        exception.CookieName.ShouldBe("sid");
        exception.Bytes.ShouldBeInRange(4097, 5999);
        exception.Message.ShouldMatch(@"would be [45]\d{3} bytes");
        exception.Message.ShouldContain("Chunking = true");
        exception.Message.ShouldContain("IronSession:Chunking");
        store.SetCookieHeaders.ShouldBeEmpty();
    }

    [Test]
    public async Task The_largest_session_that_fits_is_saved_whole()
    {
        var store = new HeaderCookieStore(null);
        IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(store, Options());
        session.Data["blob"] = new string('x', 2_700);

        await session.SaveAsync();

        System.Text.Encoding.UTF8.GetByteCount(store.SetCookieHeaders.Single()).ShouldBeLessThanOrEqualTo(4096);
    }

    [Test]
    public async Task Destroy_deletes_the_cookie_with_the_same_path_and_domain_and_clears_the_data()
    {
        IronSessionOptions options = Options() with { Cookie = IronSessionOptions.DefaultCookie with { Domain = "example.com" } };
        var jar = new BrowserJar();
        await Request(jar, options, SignIn);

        (IronSession<UserSession> session, IReadOnlyList<string> setCookies) = await Request(jar, options, s =>
        {
            s.Destroy();
            return Task.CompletedTask;
        });

        setCookies.ShouldBe(["sid=; Max-Age=0; Domain=example.com; Path=/; HttpOnly; Secure; SameSite=Lax"]);
        session.Data.UserId.ShouldBeNull();
        session.IsDestroyed.ShouldBeTrue();
        jar.Cookies.ShouldBeEmpty();
        (await Request(jar, options)).Session.Data.IsLoggedIn.ShouldBeFalse();
    }

    [Test]
    public async Task Destroy_is_terminal_a_save_with_data_throws_and_an_empty_save_does_nothing()
    {
        var store = new HeaderCookieStore(null);
        IronSession<UserSession> session = await IronSession.GetAsync<UserSession>(store, Options());
        session.Destroy();

        await session.SaveAsync();
        store.SetCookieHeaders.Count.ShouldBe(1);

        session.Data.UserId = "42";
        string message = (await Should.ThrowAsync<SessionDestroyedException>(async () => await session.SaveAsync())).Message;
        message.ShouldContain("destroyed");
        message.ShouldEndWith("Open a new session in a later request to sign someone in again.");
        store.SetCookieHeaders.Count.ShouldBe(1);
    }

    [Test]
    public async Task UpdateConfig_can_switch_to_a_rotated_password_set()
    {
        var jar = new BrowserJar();
        await Request(jar, Options(), SignIn);
        IronSessionOptions rotated = Options() with { Password = new Dictionary<string, string> { ["2"] = TestPasswords.Two, ["1"] = TestPasswords.One } };

        (_, IReadOnlyList<string> setCookies) = await Request(jar, Options(), async session =>
        {
            session.UpdateConfig(rotated);
            await session.SaveAsync();
        });

        setCookies.Single().ShouldStartWith("sid=Fe26.2*2*");
        (await Request(jar, rotated)).Session.Data.UserId.ShouldBe("42");
        (await Request(jar, Options())).Session.Data.UserId.ShouldBeNull();
    }

    [Test]
    public async Task UpdateConfig_validates_like_the_first_use()
    {
        IronSession<UserSession> session = await IronSession.GetAsync<UserSession>(new HeaderCookieStore(null), Options());

        Should.Throw<ArgumentException>(() => session.UpdateConfig(Options() with { Cookie = new CookieAttributes { SameSite = SameSite.None } }))
            .Message.ShouldContain("Secure");
    }

    [Test]
    public void Option_mistakes_throw_at_first_use_saying_what_to_change()
    {
        var store = new HeaderCookieStore(null);

        Should.Throw<ArgumentException>(async () => await IronSession.GetAsync<UserSession>(store, Options() with { CookieName = "" })).Message.ShouldContain("CookieName");
        Should.Throw<ArgumentException>(async () => await IronSession.GetAsync<UserSession>(store, Options() with { CookieName = "my session" })).Message.ShouldContain("name");
        Should.Throw<ArgumentException>(async () => await IronSession.GetAsync<UserSession>(store, Options() with { Password = null! })).Message.ShouldContain("Password");
        Should.Throw<ArgumentException>(async () => await IronSession.GetAsync<UserSession>(store, Options() with { Password = new Dictionary<string, string> { ["default"] = TestPasswords.One } }))
            .Message.ShouldContain("integers");
        Should.Throw<ArgumentException>(async () => await IronSession.GetAsync<UserSession>(store, Options() with { Cookie = IronSessionOptions.DefaultCookie with { SameSite = SameSite.None, Secure = false } }))
            .Message.ShouldContain("Secure = true");
        Should.Throw<ArgumentException>(async () => await IronSession.GetAsync<UserSession>(store, Options() with { Ttl = TimeSpan.FromSeconds(-1) })).Message.ShouldContain("Ttl");
        Should.Throw<ArgumentException>(() => (Options() with { CookieName = "__Host-sid", Cookie = IronSessionOptions.DefaultCookie with { Path = "/app" } }).Validate())
            .Message.ShouldContain("Path");
    }

    [Test]
    public async Task Untyped_sessions_work_through_JsonObject()
    {
        var jar = new BrowserJar();
        await Request(jar, Options(), SignIn);
        var store = new HeaderCookieStore(jar.CookieHeader);

        IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(store, Options());
        session.Data["userId"]!.GetValue<string>().ShouldBe("42");
        session.Data["cart"] = new JsonArray("book");
        await session.SaveAsync();
        jar.Apply(store.SetCookieHeaders);

        (await Request(jar, Options())).Session.Data.Cart.ShouldBe(["book"]);
    }

    [Test]
    public async Task Source_generated_type_info_works()
    {
        var store = new HeaderCookieStore(null);
        IronSession<UserSession> session = await IronSession.GetAsync(store, Options(), TestJsonContext.Default.UserSession);
        session.Data.Role = "admin";
        await session.SaveAsync();

        var next = new HeaderCookieStore(new BrowserJar().With(store.SetCookieHeaders).CookieHeader);
        (await IronSession.GetAsync(next, Options(), TestJsonContext.Default.UserSession)).Data.Role.ShouldBe("admin");
    }

    [Test]
    public async Task Every_save_appends_another_Set_Cookie()
    {
        var store = new HeaderCookieStore(null);
        IronSession<UserSession> session = await IronSession.GetAsync<UserSession>(store, Options());

        await session.SaveAsync();
        await session.SaveAsync();

        store.SetCookieHeaders.Count.ShouldBe(2);
    }

    [Test]
    public async Task Many_concurrent_requests_with_shared_options_never_cross_sessions()
    {
        IronSessionOptions options = Options() with { TimeProvider = TimeProvider.System, Password = TestPasswords.Rotated };
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();

        await Parallel.ForAsync(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var jar = new BrowserJar();
            await Request(jar, options, async s =>
            {
                s.Data.UserId = $"user-{i}";
                await s.SaveAsync();
            });
            string? read = (await Request(jar, options)).Session.Data.UserId;
            if (read != $"user-{i}")
            {
                failures.Add($"{i}: {read}");
            }
        });

        failures.ShouldBeEmpty();
    }

    [Test]
    public async Task A_browser_session_cookie_has_no_max_age_or_expires_but_its_seal_still_expires_after_the_ttl()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        IronSessionOptions options = Options() with { BrowserSessionCookie = true, Ttl = TimeSpan.FromHours(1), TimeProvider = clock };
        var jar = new BrowserJar();

        (_, IReadOnlyList<string> setCookies) = await Request(jar, options, SignIn);

        setCookies.Single().ShouldEndWith("~2; Path=/; HttpOnly; Secure; SameSite=Lax");
        setCookies.Single().ShouldNotContain("Max-Age");
        setCookies.Single().ShouldNotContain("Expires");
        (await Request(jar, options)).Session.Data.IsLoggedIn.ShouldBeTrue();
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(61));
        (await Request(jar, options)).Session.Data.IsLoggedIn.ShouldBeFalse();
    }

    [Test]
    public async Task Destroying_a_browser_session_cookie_still_deletes_it_with_max_age_0()
    {
        IronSessionOptions options = Options() with { BrowserSessionCookie = true };
        var jar = new BrowserJar();
        await Request(jar, options, SignIn);

        (_, IReadOnlyList<string> setCookies) = await Request(jar, options, s =>
        {
            s.Destroy();
            return Task.CompletedTask;
        });

        setCookies.ShouldBe(["sid=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax"]);
    }

    [Test]
    public void A_browser_session_cookie_with_a_max_age_is_refused_at_configuration()
    {
        IronSessionOptions options = Options() with { BrowserSessionCookie = true, Cookie = IronSessionOptions.DefaultCookie with { MaxAge = TimeSpan.FromHours(1) } };

        Should.Throw<ArgumentException>(options.Validate).Message.ShouldContain("leave Cookie.MaxAge and Cookie.Expires unset");
    }
}

internal static class BrowserJarExtensions
{
    public static BrowserJar With(this BrowserJar jar, string name, string value)
    {
        jar.Apply([$"{name}={value}"]);
        return jar;
    }

    public static BrowserJar With(this BrowserJar jar, IEnumerable<string> setCookies)
    {
        jar.Apply(setCookies);
        return jar;
    }
}
