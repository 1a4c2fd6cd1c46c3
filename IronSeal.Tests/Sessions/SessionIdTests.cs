using System.Text.Json.Nodes;
using IronSeal.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.Tests.Sessions;

/// <summary>
/// Issue 26: every iron-session session carries a stable id and its first-issue time, issued at its first save, kept
/// across saves and renewals, new at a sign-in. What revocation names a session by.
/// </summary>
public sealed class SessionIdTests
{
    private static readonly DateTimeOffset s_start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private static IronSessionOptions Options(FakeTimeProvider clock) => new()
    {
        CookieName = "sid",
        Password = TestPasswords.One,
        Rolling = true,
        Ttl = TimeSpan.FromHours(2),
        TimeProvider = clock,
    };

    /// <summary>One request: open with the jar's cookies, act, optionally renew, keep what comes back.</summary>
    private static async Task<IronSession<JsonObject>> RequestAsync(BrowserJar jar, FakeTimeProvider clock, Func<IronSession<JsonObject>, Task>? act = null)
    {
        var store = new HeaderCookieStore(jar.CookieHeader);
        IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(store, Options(clock));
        if (act is not null)
        {
            await act(session);
        }

        await session.RenewIfDueAsync();
        jar.Apply(store.SetCookieHeaders);
        return session;
    }

    [Test]
    public async Task A_new_session_has_no_id_until_its_first_save_and_keeps_it_across_saves_and_renewals()
    {
        var clock = new FakeTimeProvider(s_start);
        var jar = new BrowserJar();
        string? id = null;
        IronSession<JsonObject> first = await RequestAsync(jar, clock, async session =>
        {
            session.SessionId.ShouldBeNull();
            session.IssuedAt.ShouldBeNull();
            session.Data["user"] = "ada";
            await session.SaveAsync();
            id = session.SessionId;
        });

        id.ShouldNotBeNull();
        id!.ShouldMatch("^[1-9][0-9]{15}$");
        first.IssuedAt.ShouldBe(s_start);

        clock.Advance(TimeSpan.FromMinutes(10));
        IronSession<JsonObject> saved = await RequestAsync(jar, clock, async session =>
        {
            session.Data["cart"] = 1;
            await session.SaveAsync();
        });
        saved.SessionId.ShouldBe(id);

        clock.Advance(TimeSpan.FromMinutes(70)); // due: the renewal re-issues the data as read, id and issue time included
        (await RequestAsync(jar, clock)).IsSaved.ShouldBeTrue();
        IronSession<JsonObject> renewed = await RequestAsync(jar, clock);
        renewed.SessionId.ShouldBe(id);
        renewed.IssuedAt.ShouldBe(s_start);
        renewed.Data.ContainsKey("_ironseal_sid").ShouldBeFalse("the id is the session's, not the app's data");
    }

    [Test]
    public async Task A_sign_in_restarts_the_session_with_a_new_id_and_issue_time()
    {
        var clock = new FakeTimeProvider(s_start);
        var jar = new BrowserJar();
        IronSession<JsonObject> guest = await RequestAsync(jar, clock, async session =>
        {
            session.Data["cart"] = 1;
            await session.SaveAsync();
        });

        clock.Advance(TimeSpan.FromMinutes(5));
        IronSession<JsonObject> signedIn = await RequestAsync(jar, clock, async session =>
        {
            session.Restart();
            session.SessionId.ShouldBeNull();
            session.Data["user"] = "ada";
            await session.SaveAsync();
        });

        signedIn.SessionId.ShouldNotBeNull();
        signedIn.SessionId.ShouldNotBe(guest.SessionId);
        signedIn.IssuedAt.ShouldBe(s_start.AddMinutes(5));
        (await RequestAsync(jar, clock)).SessionId.ShouldBe(signedIn.SessionId);
    }

    [Test]
    public async Task Ids_differ_between_sessions()
    {
        var clock = new FakeTimeProvider(s_start);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < 200; i++)
        {
            IronSession<JsonObject> session = await RequestAsync(new BrowserJar(), clock, async s => await s.SaveAsync());
            ids.Add(session.SessionId!).ShouldBeTrue();
        }
    }

    [TestCase("\"12345678901234567\"")] // a string
    [TestCase("9007199254740992")] // 2^53: not exact in JavaScript
    [TestCase("999999999999999")] // 15 digits
    [TestCase("-1")]
    public async Task An_id_that_is_not_one_this_library_issues_is_ignored_and_a_new_one_is_issued_at_the_next_save(string written)
    {
        var clock = new FakeTimeProvider(s_start);
        var jar = new BrowserJar();
        JsonObject data = JsonNode.Parse($$"""{"user":"ada","_ironseal_sid":{{written}}}""")!.AsObject();
        jar.Apply([$"sid={Iron.Seal(data, new SealOptions { Password = TestPasswords.One, TimeProvider = clock })}; Path=/"]);

        IronSession<JsonObject> session = await RequestAsync(jar, clock, async s =>
        {
            s.SessionId.ShouldBeNull();
            s.Data["user"]!.GetValue<string>().ShouldBe("ada");
            await s.SaveAsync();
        });

        session.SessionId!.ShouldMatch("^[1-9][0-9]{15}$");
        Iron.Unseal<JsonObject>(jar.Cookies["sid"], new SealOptions { Password = TestPasswords.One, TimeProvider = clock })["_ironseal_sid"]!
            .GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe(session.SessionId);
    }
}
