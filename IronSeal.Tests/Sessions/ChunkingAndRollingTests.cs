using System.Text;
using System.Text.Json.Nodes;
using IronSeal.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.Tests.Sessions;

public sealed class ChunkingAndRollingTests
{
    private static IronSessionOptions Options(TimeProvider? clock = null) => new()
    {
        CookieName = "session",
        Password = TestPasswords.One,
        Chunking = true,
        TimeProvider = clock ?? TimeProvider.System,
    };

    private static async Task<IReadOnlyList<string>> Save(BrowserJar jar, IronSessionOptions options, int blobLength)
    {
        var store = new HeaderCookieStore(jar.CookieHeader);
        IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(store, options);
        session.Data["blob"] = new string('y', blobLength);
        await session.SaveAsync();
        jar.Apply(store.SetCookieHeaders);
        return store.SetCookieHeaders;
    }

    private static async Task<JsonObject> Read(BrowserJar jar, IronSessionOptions options) =>
        (await IronSession.GetAsync<JsonObject>(new HeaderCookieStore(jar.CookieHeader), options)).Data;

    [Test]
    public async Task A_large_session_is_split_into_chunks_each_under_4096_bytes_and_read_back()
    {
        var jar = new BrowserJar();

        IReadOnlyList<string> setCookies = await Save(jar, Options(), 7_000);

        setCookies.Select(h => h[..h.IndexOf('=', StringComparison.Ordinal)]).ShouldBe(["session.0", "session.1", "session.2"]);
        setCookies.ShouldAllBe(h => Encoding.UTF8.GetByteCount(h) <= 4096);
        Encoding.UTF8.GetByteCount(setCookies[0]).ShouldBe(4096);
        (await Read(jar, Options()))["blob"]!.GetValue<string>().Length.ShouldBe(7_000);
    }

    [Test]
    public async Task A_session_that_shrinks_expires_its_stale_chunks()
    {
        var jar = new BrowserJar();
        await Save(jar, Options(), 7_000);

        IReadOnlyList<string> setCookies = await Save(jar, Options(), 10);

        setCookies[0].ShouldStartWith("session=Fe26.2");
        setCookies.Skip(1).ShouldBe([
            "session.0=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax",
            "session.1=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax",
            "session.2=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax",
        ]);
        jar.Cookies.Keys.ShouldBe(["session"]);
        (await Read(jar, Options()))["blob"]!.GetValue<string>().ShouldBe("yyyyyyyyyy");
    }

    [Test]
    public async Task A_session_that_grows_into_chunks_expires_the_whole_cookie_and_fewer_chunks_expire_the_rest()
    {
        var jar = new BrowserJar();
        await Save(jar, Options(), 10);
        IReadOnlyList<string> grown = await Save(jar, Options(), 6_000);
        grown.ShouldContain("session=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax");

        await Save(jar, Options(), 11_000);
        IReadOnlyList<string> fewer = await Save(jar, Options(), 5_000);

        fewer.ShouldContain("session.2=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax");
        jar.Cookies.Keys.Order().ShouldBe(["session.0", "session.1"]);
        (await Read(jar, Options()))["blob"]!.GetValue<string>().Length.ShouldBe(5_000);
    }

    [Test]
    public async Task A_whole_cookie_wins_over_chunks()
    {
        var jar = new BrowserJar();
        await Save(jar, Options(), 10_000);
        string whole = Iron.Seal(new { blob = "whole" }, new SealOptions { Password = TestPasswords.One });

        jar.Apply([$"session={whole}"]);

        (await Read(jar, Options()))["blob"]!.GetValue<string>().ShouldBe("whole");
    }

    [Test]
    public async Task Chunks_are_read_even_when_chunking_is_off()
    {
        var jar = new BrowserJar();
        await Save(jar, Options(), 10_000);

        (await Read(jar, Options() with { Chunking = false }))["blob"]!.GetValue<string>().Length.ShouldBe(10_000);
    }

    [Test]
    public async Task A_reordered_or_missing_chunk_gives_an_empty_session()
    {
        var jar = new BrowserJar();
        await Save(jar, Options(), 10_000);
        string first = jar.Cookies["session.0"];
        jar.Apply([$"session.0={jar.Cookies["session.1"]}", $"session.1={first}"]);

        (await Read(jar, Options())).Count.ShouldBe(0);
        jar.Apply(["session.0=; Max-Age=0"]);
        (await Read(jar, Options())).Count.ShouldBe(0);
    }

    [Test]
    public async Task More_than_four_chunks_are_refused()
    {
        var exception = await Should.ThrowAsync<SessionCookieTooLargeException>(() => Save(new BrowserJar(), Options(), 20_000));

        exception.Message.ShouldContain("at most 4");
        exception.Message.ShouldEndWith("Store an id in the session and keep the data on the server.");
    }

    [Test]
    public async Task Destroy_expires_the_chunks_too()
    {
        var jar = new BrowserJar();
        await Save(jar, Options(), 7_000);
        var store = new HeaderCookieStore(jar.CookieHeader);

        (await IronSession.GetAsync<JsonObject>(store, Options())).Destroy();
        jar.Apply(store.SetCookieHeaders);

        store.SetCookieHeaders.Count.ShouldBe(4);
        jar.Cookies.ShouldBeEmpty();
    }

    [Test]
    public async Task A_rolling_session_is_due_for_renewal_after_half_its_ttl_and_renewal_extends_it()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        IronSessionOptions options = Options(clock) with { Rolling = true, Ttl = TimeSpan.FromHours(1) };
        var jar = new BrowserJar();
        await Save(jar, options, 5);

        clock.Advance(TimeSpan.FromMinutes(29));
        var early = new HeaderCookieStore(jar.CookieHeader);
        IronSession<JsonObject> notDue = await IronSession.GetAsync<JsonObject>(early, options);
        notDue.IsRenewalDue.ShouldBeFalse();
        (await notDue.RenewIfDueAsync()).ShouldBeFalse();

        clock.Advance(TimeSpan.FromMinutes(2));
        var late = new HeaderCookieStore(jar.CookieHeader);
        IronSession<JsonObject> due = await IronSession.GetAsync<JsonObject>(late, options);
        due.IsRenewalDue.ShouldBeTrue();
        (await due.RenewIfDueAsync()).ShouldBeTrue();
        (await due.RenewIfDueAsync()).ShouldBeFalse();
        jar.Apply(late.SetCookieHeaders);

        clock.Advance(TimeSpan.FromMinutes(50)); // 81 minutes after the first save: alive only because it was renewed
        (await Read(jar, options))["blob"]!.GetValue<string>().ShouldBe("yyyyy");
    }

    [Test]
    public async Task An_idle_rolling_session_is_signed_out_after_its_ttl()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        IronSessionOptions options = Options(clock) with { Rolling = true, Ttl = TimeSpan.FromHours(1) };
        var jar = new BrowserJar();
        await Save(jar, options, 5);

        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));

        (await Read(jar, options)).Count.ShouldBe(0);
    }

    [Test]
    public async Task Without_rolling_nothing_is_ever_due()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        IronSessionOptions options = Options(clock) with { Ttl = TimeSpan.FromHours(1) };
        var jar = new BrowserJar();
        await Save(jar, options, 5);
        clock.Advance(TimeSpan.FromMinutes(50));

        (await IronSession.GetAsync<JsonObject>(new HeaderCookieStore(jar.CookieHeader), options)).IsRenewalDue.ShouldBeFalse();
    }
}
