using System.Net;
using IronSeal.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.AspNetCore.Tests;

/// <summary>
/// Issue 26: revocation in the sample, two instances sharing one store (the in-memory store, shared by reference, and
/// one fake clock): what Redis gives a fleet (RedisRevocationTests runs the same on a real redis-server).
/// </summary>
public sealed class RevocationTests
{
    private FakeTimeProvider _clock = null!;
    private InMemoryRevocationStore _store = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _store = new InMemoryRevocationStore(_clock);
    }

    private Task<SampleServer> StartAsync(Action<IServiceCollection>? more = null) => SampleServer.StartAsync(services =>
    {
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton<ISessionRevocationStore>(_store);
        services.AddLogging(logging => logging.AddFakeLogging());
        more?.Invoke(services);
    });

    internal static async Task SignInAsync(HttpClient browser, string login = "ada")
    {
        string password = login == "ada" ? "lovelace-1815" : "turing-1912";
        await Forms.PostAsync(browser, "/login", "/login", ("login", login), ("password", password));
        (await SignedInAsync(browser)).ShouldBeTrue($"{login} signed in");
    }

    internal static async Task<bool> SignedInAsync(HttpClient browser) => (await MagicLinkFlowTests.ApiSession(browser))["authenticated"]!.GetValue<bool>();

    /// <summary>A second browser holding a copy of the first one's cookies (a stolen cookie).</summary>
    internal static CookieContainer CopyOf(CookieContainer cookies, Uri address)
    {
        var copy = new CookieContainer();
        foreach (Cookie cookie in cookies.GetCookies(address))
        {
            copy.Add(address, new Cookie(cookie.Name, cookie.Value, cookie.Path));
        }

        return copy;
    }

    [Test]
    public async Task A_sign_out_revokes_the_session_so_a_copy_of_its_cookie_stops_working_here_at_once_and_there_within_the_interval()
    {
        await using SampleServer first = await StartAsync();
        await using SampleServer second = await StartAsync();
        var cookies = new CookieContainer();
        using HttpClient browser = first.CreateClient(cookies);
        await SignInAsync(browser);
        using HttpClient thiefHere = first.CreateClient(CopyOf(cookies, first.Address));
        using HttpClient thiefThere = second.CreateClient(CopyOf(cookies, first.Address));
        (await SignedInAsync(thiefThere)).ShouldBeTrue("the copy works until the sign-out (the other instance has now read it)");

        await Forms.PostAsync(browser, "/profile", "/logout");

        (await SignedInAsync(browser)).ShouldBeFalse();
        (await SignedInAsync(thiefHere)).ShouldBeFalse("the instance that revoked it refuses it at once");
        (await SignedInAsync(thiefThere)).ShouldBeTrue("the other instance trusts what it read for the check interval (1 s)");
        _clock.Advance(TimeSpan.FromSeconds(1));
        (await SignedInAsync(thiefThere)).ShouldBeFalse("after the interval the other instance asks the store again");
        (await thiefThere.GetAsync("/profile")).RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/login", "the scheme treats it as anonymous");
    }

    [Test]
    public async Task Sign_out_everywhere_ends_the_users_sessions_in_every_browser_and_not_other_users_or_a_later_sign_in()
    {
        await using SampleServer first = await StartAsync();
        await using SampleServer second = await StartAsync();
        using HttpClient laptop = first.CreateClient();
        using HttpClient phone = second.CreateClient();
        using HttpClient alan = second.CreateClient();
        await SignInAsync(laptop);
        await SignInAsync(phone);
        await SignInAsync(alan, "alan");

        _clock.Advance(TimeSpan.FromMilliseconds(1)); // the sessions were issued before the revocation (strictly)
        HttpResponseMessage everywhere = await Forms.PostAsync(laptop, "/profile", "/account/sign-out-everywhere");

        everywhere.RequestMessage!.RequestUri!.PathAndQuery.ShouldBe("/?signedout=everywhere");
        (await everywhere.Content.ReadAsStringAsync()).ShouldContain("You are signed out in every browser.");
        (await SignedInAsync(laptop)).ShouldBeFalse();
        _clock.Advance(TimeSpan.FromSeconds(1));
        (await SignedInAsync(phone)).ShouldBeFalse("the phone's session was issued before the revocation");
        (await SignedInAsync(alan)).ShouldBeTrue("another user is not affected");

        await SignInAsync(phone); // a sign-in after the revocation (here: in the same millisecond) starts a session it does not cover
        _clock.Advance(TimeSpan.FromSeconds(5));
        (await SignedInAsync(phone)).ShouldBeTrue();
    }

    [Test]
    public async Task Sign_out_everywhere_needs_the_forms_csrf_token_and_a_signed_in_user()
    {
        await using SampleServer server = await StartAsync();
        using HttpClient browser = server.CreateClient();
        await SignInAsync(browser);
        using HttpClient raw = server.CreateRawClient();

        HttpResponseMessage forged = await browser.PostAsync("/account/sign-out-everywhere", new FormUrlEncodedContent([new("_csrf", "forged")]));

        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        _clock.Advance(TimeSpan.FromSeconds(2));
        (await SignedInAsync(browser)).ShouldBeTrue();
        (await raw.PostAsync("/account/sign-out-everywhere", new FormUrlEncodedContent([]))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "a guest gets 401 (a browser: the login page)");
    }

    [Test]
    public async Task A_revoked_session_is_logged_with_its_reason_and_counted_in_the_IronSeal_meter()
    {
        await using SampleServer server = await StartAsync();
        var cookies = new CookieContainer();
        using HttpClient laptop = server.CreateClient(cookies);
        using HttpClient phone = server.CreateClient();
        await SignInAsync(laptop);
        await SignInAsync(phone);
        using HttpClient thief = server.CreateClient(CopyOf(cookies, server.Address));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await Forms.PostAsync(laptop, "/profile", "/account/sign-out-everywhere");
        using var revoked = new MetricCollector<long>(null, "IronSeal", "ironseal.sessions.revoked");

        (await SignedInAsync(phone)).ShouldBeFalse();
        (await SignedInAsync(thief)).ShouldBeFalse();

        string[] reasons = [.. revoked.GetMeasurementSnapshot().Select(measurement => (string)measurement.Tags["ironseal.revocation.reason"]!)];
        reasons.ShouldBe(["user", "session"], "the phone's session by its user; the copy of the laptop's cookie by its own id, which the sign-out revoked");
        revoked.GetMeasurementSnapshot().ShouldAllBe(measurement => (string)measurement.Tags["ironseal.cookie.name"]! == "ironseal_sample");
        FakeLogRecord[] logs = [.. server.Services.GetFakeLogCollector().GetSnapshot().Where(record => record.Category == "IronSeal" && record.Id.Id == 8)];
        logs.Length.ShouldBe(2);
        logs.ShouldAllBe(log => log.Level == LogLevel.Information);
        logs[0].Message.ShouldContain("every session of its user issued before");
        logs[1].Message.ShouldContain("the session was revoked");
    }

    [Test]
    public async Task A_store_that_fails_refuses_the_session_by_default_and_accepts_it_with_an_error_when_told_to_never_a_500()
    {
        var failing = new FailingRevocationStore();
        // Interval zero: every request asks the store (with an interval, what was read within it absorbs a short outage).
        await using SampleServer closed = await SampleServer.StartAsync(services => services.AddSingleton<ISessionRevocationStore>(failing)
            .Configure<SessionRevocationOptions>(options => options.CheckInterval = TimeSpan.Zero).AddLogging(logging => logging.AddFakeLogging()));
        await using SampleServer open = await SampleServer.StartAsync(services => services.AddSingleton<ISessionRevocationStore>(failing)
            .Configure<SessionRevocationOptions>(options => (options.OnStoreFailure, options.CheckInterval) = (RevocationFailurePolicy.Accept, TimeSpan.Zero))
            .AddLogging(logging => logging.AddFakeLogging()));
        var cookies = new CookieContainer();
        using HttpClient browser = closed.CreateClient(cookies);
        failing.Down = false;
        await SignInAsync(browser);
        CookieContainer signedIn = CopyOf(cookies, closed.Address);

        failing.Down = true;
        HttpResponseMessage profile = await browser.GetAsync("/profile");
        profile.StatusCode.ShouldBe(HttpStatusCode.OK);
        profile.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/login", "Refuse: the user is signed out while the store cannot say");
        FakeLogRecord error = closed.Services.GetFakeLogCollector().GetSnapshot().First(record => record.Category == "IronSeal" && record.Id.Id == 9);
        error.Level.ShouldBe(LogLevel.Error);
        error.Message.ShouldContain("refused");

        using HttpClient onOpen = open.CreateClient(signedIn);
        (await SignedInAsync(onOpen)).ShouldBeTrue("Accept: the session is read unchecked");
        open.Services.GetFakeLogCollector().GetSnapshot().First(record => record.Category == "IronSeal" && record.Id.Id == 9).Message.ShouldContain("accepted unchecked");

        HttpResponseMessage everywhere = await Forms.PostAsync(onOpen, "/profile", "/account/sign-out-everywhere");
        everywhere.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await everywhere.Content.ReadAsStringAsync()).ShouldContain("Nothing was changed");

        failing.Down = false;
        using HttpClient back = closed.CreateClient(CopyOf(signedIn, closed.Address));
        (await SignedInAsync(back)).ShouldBeTrue("back to normal once the store answers");
    }

    [Test]
    public async Task A_session_type_that_never_expires_or_a_bad_interval_is_refused_at_start_up_with_what_to_change()
    {
        InvalidOperationException forever = await Should.ThrowAsync<InvalidOperationException>(async () =>
        {
            await using SampleServer server = await SampleServer.StartAsync(services => services.Configure<IronSessionSettings>(
                IronSessionSettings.OptionsName<IronSeal.Sample.AppSession>(), settings => (settings.Ttl, settings.AbsoluteLifetime) = (TimeSpan.Zero, null)));
        });
        forever.Message.ShouldContain("never expire");
        forever.Message.ShouldContain("AbsoluteLifetime");

        InvalidOperationException interval = await Should.ThrowAsync<InvalidOperationException>(async () =>
        {
            await using SampleServer server = await SampleServer.StartAsync(services => services.Configure<SessionRevocationOptions>(options => options.CheckInterval = TimeSpan.FromSeconds(-1)));
        });
        interval.Message.ShouldContain("CheckInterval");
    }

    [Test]
    public async Task A_revoked_cookie_is_deleted_by_the_response_and_one_the_store_could_not_check_is_kept()
    {
        var failing = new FailingRevocationStore();
        await using SampleServer server = await SampleServer.StartAsync(services => services.AddSingleton<ISessionRevocationStore>(failing)
            .Configure<SessionRevocationOptions>(options => options.CheckInterval = TimeSpan.Zero));
        var cookies = new CookieContainer();
        using HttpClient browser = server.CreateClient(cookies);
        await SignInAsync(browser);
        string copy = cookies.GetCookieHeader(server.Address);
        using HttpClient raw = server.CreateRawClient();

        failing.Down = true;
        HttpResponseMessage uncheckedAnswer = await raw.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/session") { Headers = { { "Cookie", copy } } });
        uncheckedAnswer.Headers.Contains("Set-Cookie").ShouldBeFalse("the store could not say: the cookie stays for when it is back");

        failing.Down = false;
        await Forms.PostAsync(browser, "/profile", "/logout");
        HttpResponseMessage revoked = await raw.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/session") { Headers = { { "Cookie", copy } } });
        (await revoked.Content.ReadAsStringAsync()).ShouldBe("{\"authenticated\":false}");
        revoked.Headers.GetValues("Set-Cookie").ShouldContain(header => header.StartsWith("ironseal_sample=;", StringComparison.Ordinal) && header.Contains("Max-Age=0", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_sign_out_while_the_store_is_down_signs_the_browser_out_and_logs_that_its_copy_is_not_revoked()
    {
        var failing = new FailingRevocationStore();
        await using SampleServer server = await SampleServer.StartAsync(services => services.AddSingleton<ISessionRevocationStore>(failing)
            .Configure<SessionRevocationOptions>(options => options.CheckInterval = TimeSpan.Zero).AddLogging(logging => logging.AddFakeLogging()));
        using HttpClient browser = server.CreateClient();
        await SignInAsync(browser);

        failing.Down = true;
        HttpResponseMessage signOut = await browser.DeleteAsync("/api/session"); // the scheme's sign-out (the session already reads as empty)

        signOut.StatusCode.ShouldBe(HttpStatusCode.OK);
        FakeLogRecord notRevoked = server.Services.GetFakeLogCollector().GetSnapshot().Single(record => record.Category == "IronSeal" && record.Id.Id == 11);
        notRevoked.Level.ShouldBe(LogLevel.Error);
        notRevoked.Message.ShouldContain("a copy of its cookie is not");
        failing.Down = false;
        (await SignedInAsync(browser)).ShouldBeFalse("this browser's cookie was deleted");
    }

    [Test]
    public async Task Revocation_of_a_session_type_that_is_not_registered_names_the_missing_call()
    {
        InvalidOperationException missing = await Should.ThrowAsync<InvalidOperationException>(async () =>
        {
            await using SampleServer server = await SampleServer.StartAsync(services => services.AddIronSessionRevocation<IronSeal.Sample.SessionUser>());
        });

        missing.Message.ShouldContain("Call builder.Services.AddIronSession<SessionUser>() too.");
    }

    [Test]
    public async Task Without_a_shared_store_the_in_memory_stores_are_named_in_the_log_at_start_up()
    {
        await using SampleServer server = await SampleServer.StartAsync(services => services.AddLogging(logging => logging.AddFakeLogging()));

        string[] messages = [.. server.Services.GetFakeLogCollector().GetSnapshot().Where(record => record.Category == "IronSeal" && record.Id.Id == 10).Select(record => record.Message)];
        messages.ShouldContain(message => message.StartsWith("Session revocations are kept in this instance's memory", StringComparison.Ordinal));
        messages.ShouldContain(message => message.StartsWith("Used single-use tokens are kept in this instance's memory", StringComparison.Ordinal));
    }

    /// <summary>A store that can be made to fail, as Redis does when it is unreachable.</summary>
    private sealed class FailingRevocationStore : ISessionRevocationStore
    {
        private readonly InMemoryRevocationStore _inner = new();

        public bool Down { get; set; }

        public ValueTask RevokeAsync(string key, DateTimeOffset revokedAt, TimeSpan lifetime, CancellationToken cancellationToken = default) =>
            Down ? ValueTask.FromException(new IronSealStoreException("down", null)) : _inner.RevokeAsync(key, revokedAt, lifetime, cancellationToken);

        public ValueTask<IReadOnlyList<DateTimeOffset?>> GetAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default) =>
            Down ? ValueTask.FromException<IReadOnlyList<DateTimeOffset?>>(new IronSealStoreException("down", null)) : _inner.GetAsync(keys, cancellationToken);
    }
}
