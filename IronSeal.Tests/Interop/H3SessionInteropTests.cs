using Microsoft.Extensions.Time.Testing;

namespace IronSeal.Tests.Interop;

/// <summary>
/// h3 sessions shared with the real h3 1.15.11 and 2.0.8 <c>useSession</c> over HTTP on 127.0.0.1
/// (interop/h3-session.mjs), configured as nuxt-auth-utils configures it: name <c>nuxt-session</c>, <c>SameSite=Lax</c>,
/// data <c>{ user, loggedInAt }</c>. Both clocks are pinned: .NET's by a <see cref="FakeTimeProvider"/>, Node's by
/// <c>now=</c> on each request.
/// </summary>
[Category("Node")]
[NonParallelizable]
public sealed class H3SessionInteropTests
{
    private const long Start = 1_700_000_000_000;
    private const long Hour = 3_600_000;

    private H3NodeServer _h3 = null!;

    public sealed class NuxtUser
    {
        public string? Name { get; set; }
    }

    public sealed class NuxtSession
    {
        public NuxtUser? User { get; set; }

        public long? LoggedInAt { get; set; }
    }

    [OneTimeSetUp]
    public async Task StartH3() => _h3 = await H3NodeServer.StartAsync(TestPasswords.One);

    [OneTimeTearDown]
    public void StopH3() => _h3.Dispose();

    private static H3Version VersionOf(string version) => version == "v2" ? H3Version.V2 : H3Version.V1;

    private static H3SessionOptions Options(string version, long now, TimeSpan? maxAge = null, TimeSpan? idle = null, List<SealException>? errors = null, PasswordSet? password = null) =>
        H3SessionOptions.ForNuxtAuthUtils(password ?? TestPasswords.One, VersionOf(version)) with
        {
            MaxAge = maxAge,
            IdleTimeout = idle,
            TimeProvider = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(now)),
            OnUnsealError = errors is null ? null : errors.Add,
        };

    private static async Task<H3Session<NuxtSession>> OpenAsync(H3SessionOptions options, string? cookie, Func<string, string?>? header = null) =>
        await H3Session.GetAsync<NuxtSession>(new HeaderCookieStore(cookie), options, header);

    private static string Pairs(IEnumerable<string> setCookies) => string.Join("; ", setCookies.Select(header => header.Split(';')[0]));

    private static string Attributes(string setCookie) => setCookie[setCookie.IndexOf(';', StringComparison.Ordinal)..];

    private Task<H3Response> LoginAsync(string version, long now, string query = "maxAge=3600", string user = "ada", string? cookie = null) =>
        _h3.SendAsync(HttpMethod.Post, version, "login", $"user={user}&now={now}&{query}", cookie);

    private Task<H3Response> ReadAsync(string version, long now, string query, string? cookie, string? header = null) =>
        _h3.SendAsync(HttpMethod.Get, version, "session", $"now={now}&{query}", cookie, header);

    private static async Task<(H3Session<NuxtSession> Session, HeaderCookieStore Store)> SignInInDotNetAsync(H3SessionOptions options, string user = "grace")
    {
        var store = new HeaderCookieStore(null);
        H3Session<NuxtSession> session = await H3Session.GetAsync<NuxtSession>(store, options);
        session.Data = new NuxtSession { User = new NuxtUser { Name = user }, LoggedInAt = options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds() };
        await session.SaveAsync();
        return (session, store);
    }

    [TestCase("v1")]
    [TestCase("v2")]
    public async Task A_session_h3_writes_opens_in_dotnet_with_its_id_createdAt_and_data(string version)
    {
        H3Response login = await LoginAsync(version, Start);
        string cookie = login.CookiePair("nuxt-session");
        cookie.ShouldStartWith("nuxt-session=Fe26.2**"); // plain iron, empty password id

        H3Session<NuxtSession> session = await OpenAsync(Options(version, Start + 1000, maxAge: TimeSpan.FromHours(1)), cookie);

        session.IsNew.ShouldBeFalse();
        session.Id.ShouldBe(login.Body["id"]!.GetValue<string>());
        Guid.TryParse(session.Id, out _).ShouldBeTrue();
        session.CreatedAt.ToUnixTimeMilliseconds().ShouldBe(Start);
        session.Data.User!.Name.ShouldBe("ada");
        session.Data.LoggedInAt.ShouldBe(Start);
    }

    [TestCase("v1")]
    [TestCase("v2")]
    public async Task A_session_dotnet_writes_opens_in_h3_with_its_id_createdAt_and_data_and_the_cookie_h3_writes(string version)
    {
        (H3Session<NuxtSession> session, HeaderCookieStore store) = await SignInInDotNetAsync(Options(version, Start, maxAge: TimeSpan.FromHours(1)));
        string setCookie = store.SetCookieHeaders.Single();
        H3Response h3Login = await LoginAsync(version, Start);

        Attributes(setCookie).ShouldBe(Attributes(h3Login.SetCookies.Single()));
        Attributes(setCookie).ShouldContain("Expires=Tue, 14 Nov 2023 23:13:20 GMT"); // createdAt + maxAge

        H3Response read = await ReadAsync(version, Start + 1000, "maxAge=3600", Pairs(store.SetCookieHeaders));
        read.Body["id"]!.GetValue<string>().ShouldBe(session.Id);
        read.Body["createdAt"]!.GetValue<long>().ShouldBe(Start);
        read.Body["data"]!.ToJsonString().ShouldBe("""{"user":{"name":"grace"},"loggedInAt":1700000000000}""");
        // h3 2.x re-seals a session it could open only with one PBKDF2 round: none written means 8192 rounds matched.
        read.SetCookies.ShouldBeEmpty();
    }

    [TestCase("v1")]
    [TestCase("v2")]
    public async Task MaxAge_counts_from_createdAt_on_both_sides_even_when_the_seal_has_time_left(string version)
    {
        // h3 re-saves half an hour later: the seal then runs to Start + 1.5 h, but createdAt stays Start.
        string first = (await LoginAsync(version, Start)).CookiePair("nuxt-session");
        string resaved = (await LoginAsync(version, Start + Hour / 2, cookie: first)).CookiePair("nuxt-session");
        var errors = new List<SealException>();

        (await OpenAsync(Options(version, Start + Hour, maxAge: TimeSpan.FromHours(1)), resaved)).IsNew.ShouldBeFalse();
        (await OpenAsync(Options(version, Start + Hour + 1, maxAge: TimeSpan.FromHours(1), errors: errors), resaved)).IsNew.ShouldBeTrue();
        errors.Single().Reason.ShouldBe(SealError.Expired);

        // The same from .NET to h3.
        H3SessionOptions later = Options(version, Start + Hour / 2, maxAge: TimeSpan.FromHours(1));
        var store = new HeaderCookieStore(null);
        H3Session<NuxtSession> session = await H3Session.GetAsync<NuxtSession>(store, Options(version, Start, maxAge: TimeSpan.FromHours(1)));
        await session.SaveAsync();
        var resaveStore = new HeaderCookieStore(Pairs(store.SetCookieHeaders));
        H3Session<NuxtSession> again = await H3Session.GetAsync<NuxtSession>(resaveStore, later);
        again.Id.ShouldBe(session.Id);
        await again.SaveAsync();
        string dotnetCookie = Pairs(resaveStore.SetCookieHeaders);

        (await ReadAsync(version, Start + Hour, "maxAge=3600", dotnetCookie)).Body["id"]!.GetValue<string>().ShouldBe(session.Id);
        (await ReadAsync(version, Start + Hour + 1, "maxAge=3600", dotnetCookie)).Body["id"]!.GetValue<string>().ShouldNotBe(session.Id);
    }

    [Test]
    public async Task IdleTimeout_of_h3_2_refuses_an_idle_session_on_both_sides_and_slides_past_half()
    {
        const string query = "maxAge=3600&idle=600";
        TimeSpan idle = TimeSpan.FromMinutes(10);
        H3Response login = await LoginAsync("v2", Start, query);
        string cookie = login.CookiePair("nuxt-session");
        login.Body["lastSeenAt"]!.GetValue<long>().ShouldBe(Start);
        Attributes(login.SetCookies.Single()).ShouldContain("Expires=Tue, 14 Nov 2023 22:23:20 GMT"); // lastSeenAt + idle

        H3Session<NuxtSession> fresh = await OpenAsync(Options("v2", Start + 600_000, TimeSpan.FromHours(1), idle), cookie);
        fresh.IsNew.ShouldBeFalse();
        fresh.LastSeenAt!.Value.ToUnixTimeMilliseconds().ShouldBe(Start + 600_000); // past half the idle timeout: re-saved at once
        (await OpenAsync(Options("v2", Start + 600_001, TimeSpan.FromHours(1), idle), cookie)).IsNew.ShouldBeTrue();

        // Past half the idle timeout, .NET re-saves at once as h3 2.x does; h3 reads the new lastSeenAt, and the session
        // outlives the first idle window (650 s after sign-in, 250 s after the slide: not yet due again).
        var store = new HeaderCookieStore(cookie);
        H3Session<NuxtSession> slid = await H3Session.GetAsync<NuxtSession>(store, Options("v2", Start + 400_000, TimeSpan.FromHours(1), idle));
        slid.LastSeenAt!.Value.ToUnixTimeMilliseconds().ShouldBe(Start + 400_000);
        H3Response afterSlide = await ReadAsync("v2", Start + 650_000, query, Pairs(store.SetCookieHeaders));
        afterSlide.Body["id"]!.GetValue<string>().ShouldBe(login.Body["id"]!.GetValue<string>());
        afterSlide.Body["lastSeenAt"]!.GetValue<long>().ShouldBe(Start + 400_000);

        // Before half, neither side writes; an idle .NET session is refused by h3.
        (await OpenAsync(Options("v2", Start + 200_000, TimeSpan.FromHours(1), idle), cookie)).ShouldNotBeNull();
        var quiet = new HeaderCookieStore(cookie);
        await H3Session.GetAsync<NuxtSession>(quiet, Options("v2", Start + 200_000, TimeSpan.FromHours(1), idle));
        quiet.SetCookieHeaders.ShouldBeEmpty();

        (H3Session<NuxtSession> mine, HeaderCookieStore mineStore) = await SignInInDotNetAsync(Options("v2", Start, TimeSpan.FromHours(1), idle));
        string mineCookie = Pairs(mineStore.SetCookieHeaders);
        H3Response stillFresh = await ReadAsync("v2", Start + 200_000, query, mineCookie);
        stillFresh.Body["id"]!.GetValue<string>().ShouldBe(mine.Id);
        stillFresh.SetCookies.ShouldBeEmpty();
        (await ReadAsync("v2", Start + 400_000, query, mineCookie)).SetCookies.ShouldHaveSingleItem(); // h3 slides it
        (await ReadAsync("v2", Start + 600_001, query, mineCookie)).Body["id"]!.GetValue<string>().ShouldNotBe(mine.Id);
    }

    [TestCase("v1")]
    [TestCase("v2")]
    public async Task Tampered_and_foreign_sessions_are_new_empty_sessions_on_both_sides(string version)
    {
        string cookie = (await LoginAsync(version, Start)).CookiePair("nuxt-session");
        char last = cookie[^1];
        string tampered = cookie[..^1] + (last == 'A' ? 'B' : 'A');
        var errors = new List<SealException>();

        H3Session<NuxtSession> fromTampered = await OpenAsync(Options(version, Start, TimeSpan.FromHours(1), errors: errors), tampered);
        fromTampered.IsNew.ShouldBeTrue();
        fromTampered.Data.User.ShouldBeNull();
        H3Session<NuxtSession> foreign = await OpenAsync(Options(version, Start, TimeSpan.FromHours(1), errors: errors, password: TestPasswords.Two), cookie);
        foreign.IsNew.ShouldBeTrue();
        errors.Select(error => error.Reason).ShouldBe([SealError.BadMac, SealError.BadMac]);

        (H3Session<NuxtSession> other, HeaderCookieStore store) = await SignInInDotNetAsync(Options(version, Start, TimeSpan.FromHours(1), password: TestPasswords.Two));
        H3Response read = await ReadAsync(version, Start, "maxAge=3600", Pairs(store.SetCookieHeaders));
        read.Body["id"]!.GetValue<string>().ShouldNotBe(other.Id);
        read.Body["data"]!.AsObject().Count.ShouldBe(0);
    }

    [TestCase("v1")]
    [TestCase("v2")]
    public async Task The_x_name_session_header_carries_the_session_both_ways(string version)
    {
        H3Response login = await LoginAsync(version, Start);
        string seal = login.CookiePair("nuxt-session")["nuxt-session=".Length..];
        var asked = new List<string>();

        H3Session<NuxtSession> session = await OpenAsync(Options(version, Start, TimeSpan.FromHours(1)), cookie: null, header: name =>
        {
            asked.Add(name);
            return seal;
        });

        asked.ShouldBe(["x-nuxt-session-session"]);
        session.Id.ShouldBe(login.Body["id"]!.GetValue<string>());

        (H3Session<NuxtSession> mine, HeaderCookieStore store) = await SignInInDotNetAsync(Options(version, Start, TimeSpan.FromHours(1)));
        string mineSeal = store.SetCookieHeaders.Single().Split(';')[0]["nuxt-session=".Length..];
        (await ReadAsync(version, Start, "maxAge=3600", cookie: null, header: mineSeal)).Body["id"]!.GetValue<string>().ShouldBe(mine.Id);
    }

    [TestCase("v1")]
    [TestCase("v2")]
    public async Task Clear_writes_the_cookie_h3_writes_when_it_clears(string version)
    {
        string cookie = (await LoginAsync(version, Start)).CookiePair("nuxt-session");
        H3Response h3Clear = await _h3.SendAsync(HttpMethod.Delete, version, "session", $"now={Start}&maxAge=3600", cookie);

        var store = new HeaderCookieStore(cookie);
        H3Session<NuxtSession> session = await H3Session.GetAsync<NuxtSession>(store, Options(version, Start, TimeSpan.FromHours(1)));
        string before = session.Id;
        session.Clear();

        store.SetCookieHeaders.ShouldBe(h3Clear.SetCookies);
        store.SetCookieHeaders.Single().ShouldBe(version == "v2"
            ? "nuxt-session=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax"
            : "nuxt-session=; Path=/; HttpOnly; Secure; SameSite=Lax");
        session.IsNew.ShouldBeTrue();
        session.Id.ShouldNotBe(before);
        session.Data.User.ShouldBeNull();
    }

    [Test]
    public async Task A_large_h3_2_session_is_chunked_as_h3_chunks_it_both_ways()
    {
        string name = new('n', 5000);
        H3Response login = await LoginAsync("v2", Start, user: name);
        login.CookiePair("nuxt-session").ShouldBe("nuxt-session=__chunked__2");
        string h3Cookies = Pairs(login.SetCookies);

        H3Session<NuxtSession> read = await OpenAsync(Options("v2", Start, TimeSpan.FromHours(1)), h3Cookies);
        read.Data.User!.Name.ShouldBe(name);

        (H3Session<NuxtSession> mine, HeaderCookieStore store) = await SignInInDotNetAsync(Options("v2", Start, TimeSpan.FromHours(1)), name);
        store.SetCookieHeaders.Select(header => header.Split('=')[0]).ShouldBe(["nuxt-session", "nuxt-session.1", "nuxt-session.2"]);
        store.SetCookieHeaders[0].ShouldStartWith("nuxt-session=__chunked__2;");
        H3Response back = await ReadAsync("v2", Start, "maxAge=3600", Pairs(store.SetCookieHeaders));
        back.Body["id"]!.GetValue<string>().ShouldBe(mine.Id);
        back.Body["data"]!["user"]!["name"]!.GetValue<string>().ShouldBe(name);

        // Shrinking back to one cookie expires the chunks the request carried, as h3 does.
        var shrink = new HeaderCookieStore(Pairs(store.SetCookieHeaders));
        H3Session<NuxtSession> again = await H3Session.GetAsync<NuxtSession>(shrink, Options("v2", Start, TimeSpan.FromHours(1)));
        again.Data.User!.Name = "short";
        await again.SaveAsync();
        shrink.SetCookieHeaders.Count(header => header.Contains("Max-Age=0", StringComparison.Ordinal)).ShouldBe(2);
        shrink.SetCookieHeaders[^1].ShouldStartWith("nuxt-session=Fe26.2**");
    }

    [Test]
    public async Task A_session_h3_1_wrote_opens_in_h3_2_and_in_dotnet_configured_for_2_which_re_seals_it()
    {
        string v1Cookie = (await LoginAsync("v1", Start)).CookiePair("nuxt-session");

        var store = new HeaderCookieStore(v1Cookie);
        H3Session<NuxtSession> session = await H3Session.GetAsync<NuxtSession>(store, Options("v2", Start, TimeSpan.FromHours(1)));
        session.Data.User!.Name.ShouldBe("ada");
        store.SetCookieHeaders.ShouldHaveSingleItem(); // upgraded to 8192 rounds

        H3Response v2Read = await ReadAsync("v2", Start, "maxAge=3600", v1Cookie);
        v2Read.SetCookies.ShouldHaveSingleItem(); // h3 2.x does the same
        H3Response upgradedRead = await ReadAsync("v2", Start, "maxAge=3600", Pairs(store.SetCookieHeaders));
        upgradedRead.Body["id"]!.GetValue<string>().ShouldBe(session.Id);
        upgradedRead.SetCookies.ShouldBeEmpty();
    }
}
