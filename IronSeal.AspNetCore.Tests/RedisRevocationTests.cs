using System.Net;
using System.Text.Json.Nodes;
using IronSeal.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace IronSeal.AspNetCore.Tests;

/// <summary>
/// Issue 26 on a real Redis (Debian's <c>redis-server</c>, started for these tests): two instances of the sample revoke
/// and refuse each other's sessions, Redis going down and coming back, and a Node app enforcing the same list with the
/// lines docs/revocation.md gives (interop/revocation.mjs).
/// </summary>
[Category("Redis")]
[NonParallelizable]
public sealed class RedisRevocationTests
{
    private RedisServer _redis = null!;

    [OneTimeSetUp]
    public async Task StartRedis() => _redis = await RedisServer.StartAsync();

    [OneTimeTearDown]
    public void StopRedis() => _redis?.Dispose();

    private Task<SampleServer> StartInstanceAsync(TimeSpan? checkInterval = null) => SampleServer.StartAsync(
        services => services.Configure<SessionRevocationOptions>(options => options.CheckInterval = checkInterval ?? SessionRevocationOptions.DefaultCheckInterval),
        $"--ConnectionStrings:Redis={_redis.ConnectionString}");

    private static Task<bool> SignedInAsync(HttpClient browser) => RevocationTests.SignedInAsync(browser);

    /// <summary>Asks until <paramref name="browser"/> is signed out, for up to <paramref name="within"/>; how long it took.</summary>
    private static async Task<TimeSpan> SignedOutWithinAsync(HttpClient browser, TimeSpan within)
    {
        DateTime start = DateTime.UtcNow;
        while (await SignedInAsync(browser))
        {
            (DateTime.UtcNow - start).ShouldBeLessThan(within, "still signed in");
            await Task.Delay(50);
        }

        return DateTime.UtcNow - start;
    }

    [Test]
    public async Task A_session_revoked_on_one_instance_is_refused_on_the_other_within_the_interval()
    {
        await using SampleServer first = await StartInstanceAsync();
        await using SampleServer second = await StartInstanceAsync();
        var cookies = new CookieContainer();
        using HttpClient browser = first.CreateClient(cookies);
        await RevocationTests.SignInAsync(browser);
        using HttpClient thief = second.CreateClient(RevocationTests.CopyOf(cookies, first.Address));
        (await SignedInAsync(thief)).ShouldBeTrue();

        await Forms.PostAsync(browser, "/profile", "/logout"); // the sign-out revokes the session in Redis

        TimeSpan took = await SignedOutWithinAsync(thief, TimeSpan.FromSeconds(3));
        TestContext.Out.WriteLine($"refused on the other instance after {took.TotalMilliseconds:F0} ms (interval 1 s)");
        took.ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(2), "the interval (1 s) plus a few requests on a busy machine");
    }

    [Test]
    public async Task With_a_zero_interval_the_other_instance_refuses_it_on_the_next_request()
    {
        await using SampleServer first = await StartInstanceAsync(TimeSpan.Zero);
        await using SampleServer second = await StartInstanceAsync(TimeSpan.Zero);
        var cookies = new CookieContainer();
        using HttpClient browser = first.CreateClient(cookies);
        await RevocationTests.SignInAsync(browser);
        using HttpClient thief = second.CreateClient(RevocationTests.CopyOf(cookies, first.Address));
        (await SignedInAsync(thief)).ShouldBeTrue();

        await Forms.PostAsync(browser, "/profile", "/logout");

        (await SignedInAsync(thief)).ShouldBeFalse();
    }

    [Test]
    public async Task Sign_out_everywhere_ends_the_users_sessions_in_two_cookie_jars_on_two_instances_and_the_record_expires_with_the_sessions()
    {
        await using SampleServer first = await StartInstanceAsync();
        await using SampleServer second = await StartInstanceAsync();
        using HttpClient laptop = first.CreateClient();
        using HttpClient phone = second.CreateClient();
        using HttpClient alan = second.CreateClient();
        await RevocationTests.SignInAsync(laptop);
        await RevocationTests.SignInAsync(phone);
        await RevocationTests.SignInAsync(alan, "alan");

        await Forms.PostAsync(laptop, "/profile", "/account/sign-out-everywhere");

        (await SignedInAsync(laptop)).ShouldBeFalse();
        await SignedOutWithinAsync(phone, TimeSpan.FromSeconds(3));
        (await SignedInAsync(alan)).ShouldBeTrue();

        // The record: the revocation time under the user's key, kept as long as the sample's sessions can live
        // (ttl 7 days, under the 30-day absolute lifetime) plus the 5-minute margin.
        await using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        RedisValue revokedAt = await redis.GetDatabase().StringGetAsync("ironseal:revoked:user:1");
        long.Parse(revokedAt.ToString(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(
            DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        TimeSpan? ttl = await redis.GetDatabase().KeyTimeToLiveAsync("ironseal:revoked:user:1");
        ttl!.Value.ShouldBeInRange(TimeSpan.FromDays(7), TimeSpan.FromDays(7) + TimeSpan.FromMinutes(5));
    }

    [Test]
    public async Task Redis_stopped_mid_run_signs_users_out_and_refuses_sign_out_everywhere_with_503_never_500_and_Redis_back_restores_service_without_a_restart()
    {
        await using SampleServer server = await StartInstanceAsync(TimeSpan.FromMilliseconds(200));
        var cookies = new CookieContainer();
        using HttpClient browser = server.CreateClient(cookies);
        await RevocationTests.SignInAsync(browser);
        CookieContainer signedIn = RevocationTests.CopyOf(cookies, server.Address);

        _redis.Kill();
        try
        {
            using HttpClient during = server.CreateClient(RevocationTests.CopyOf(signedIn, server.Address));
            await Task.Delay(300); // past what this instance read within its interval
            HttpResponseMessage page = await during.GetAsync("/api/session");
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            JsonNode.Parse(await page.Content.ReadAsStringAsync())!["authenticated"]!.GetValue<bool>().ShouldBeFalse("fail closed: the store cannot say the session is not revoked");

            using var raw = new HttpClient(new HttpClientHandler { CookieContainer = RevocationTests.CopyOf(signedIn, server.Address), AllowAutoRedirect = false }) { BaseAddress = server.Address };
            (await raw.GetAsync("/profile")).StatusCode.ShouldNotBe(HttpStatusCode.InternalServerError);
        }
        finally
        {
            await _redis.RestartAsync();
        }

        using HttpClient after = server.CreateClient(RevocationTests.CopyOf(signedIn, server.Address));
        bool back = await RedisSingleUseTests.Eventually(() => SignedInAsync(after), signedInAgain => signedInAgain);
        back.ShouldBeTrue("the connection comes back by itself and the session reads again");
    }

    [Test]
    public async Task While_Redis_is_down_sign_out_everywhere_answers_503_and_revokes_nothing()
    {
        await using SampleServer server = await StartInstanceAsync(TimeSpan.FromMinutes(1));
        using HttpClient browser = server.CreateClient();
        await RevocationTests.SignInAsync(browser);
        string profile = await browser.GetStringAsync("/profile"); // read within the minute: the outage is absorbed for this session

        _redis.Kill();
        try
        {
            var form = new FormUrlEncodedContent([new("_csrf", Forms.CsrfToken(profile))]);
            HttpResponseMessage everywhere = await browser.PostAsync("/account/sign-out-everywhere", form);
            everywhere.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await everywhere.Content.ReadAsStringAsync()).ShouldContain("Nothing was changed");
            (await SignedInAsync(browser)).ShouldBeTrue("a short outage is absorbed by what this instance read within its interval");
        }
        finally
        {
            await _redis.RestartAsync();
        }
    }

    [Test]
    [Category("Node")]
    public async Task A_node_app_with_the_documented_lines_refuses_the_sessions_dotnet_revoked_one_by_one_and_everywhere()
    {
        await using SampleServer server = await StartInstanceAsync();
        var laptopCookies = new CookieContainer();
        var phoneCookies = new CookieContainer();
        var alanCookies = new CookieContainer();
        using HttpClient laptop = server.CreateClient(laptopCookies);
        using HttpClient phone = server.CreateClient(phoneCookies);
        using HttpClient alan = server.CreateClient(alanCookies);
        await RevocationTests.SignInAsync(laptop);
        await RevocationTests.SignInAsync(phone);
        await RevocationTests.SignInAsync(alan, "alan");
        string laptopCopy = laptopCookies.GetCookieHeader(server.Address);
        string phoneCopy = phoneCookies.GetCookieHeader(server.Address);
        JsonNode before = NodeCheck(phoneCopy);
        before["authenticated"]!.GetValue<bool>().ShouldBeTrue(before.ToJsonString());
        before["user"]!["login"]!.GetValue<string>().ShouldBe("ada");

        await Forms.PostAsync(phone, "/profile", "/logout"); // revokes the phone's session alone

        NodeCheck(phoneCopy)["revoked"]!.GetValue<bool>().ShouldBeTrue("the phone's session, by its id");
        NodeCheck(laptopCopy)["revoked"]!.GetValue<bool>().ShouldBeFalse("only the phone's session is revoked so far");

        await Forms.PostAsync(laptop, "/profile", "/account/sign-out-everywhere");

        JsonNode laptopAfter = NodeCheck(laptopCopy);
        laptopAfter["revoked"]!.GetValue<bool>().ShouldBeTrue(laptopAfter.ToJsonString());
        laptopAfter["authenticated"]!.GetValue<bool>().ShouldBeFalse();
        laptopAfter["user"]!["login"]!.GetValue<string>().ShouldBe("ada", "the cookie still opens in Node: only the revocation list refuses it");
        NodeCheck(alanCookies.GetCookieHeader(server.Address))["authenticated"]!.GetValue<bool>().ShouldBeTrue("alan was not signed out");
    }

    private JsonNode NodeCheck(string cookieHeader) =>
        JsonNode.Parse(NodeHarness.Run("node", $"revocation.mjs redis://{_redis.ConnectionString} {Repository.Password} \"{cookieHeader}\""))!;
}
