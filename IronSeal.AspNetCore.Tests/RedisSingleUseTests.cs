using System.Net;
using IronSeal.AspNetCore.Tests.Support;
using StackExchange.Redis;

namespace IronSeal.AspNetCore.Tests;

/// <summary>
/// Single use across a fleet: two sample instances sharing a real Redis (Debian's <c>redis-server</c>, started on a free
/// port for these tests and stopped after). Needs <c>redis-server</c> on PATH: <c>eng/test-setup.sh</c> installs it.
/// </summary>
[Category("Redis")]
[NonParallelizable]
public sealed class RedisSingleUseTests
{
    private RedisServer _redis = null!;

    [OneTimeSetUp]
    public async Task StartRedis() => _redis = await RedisServer.StartAsync();

    [OneTimeTearDown]
    public void StopRedis() => _redis?.Dispose();

    private Task<SampleServer> StartInstanceAsync() => SampleServer.StartAsync($"--ConnectionStrings:Redis={_redis.ConnectionString}");

    [Test]
    public async Task A_link_used_on_one_instance_is_refused_on_the_other()
    {
        await using SampleServer first = await StartInstanceAsync();
        await using SampleServer second = await StartInstanceAsync();
        using HttpClient onFirst = first.CreateClient();
        string link = await MagicLinkFlowTests.RequestLinkAsync(onFirst, "ada");

        // Followed on the second instance (another port: another server behind the same load balancer)…
        using HttpClient onSecond = second.CreateClient();
        HttpResponseMessage used = await MagicLinkFlowTests.UseLinkAsync(onSecond, link);
        used.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/profile");
        (await MagicLinkFlowTests.ApiSession(onSecond))["user"]!["login"]!.GetValue<string>().ShouldBe("ada");

        // …then on the first, and on the second again: both remember it through Redis.
        using HttpClient attacker = first.CreateClient();
        HttpResponseMessage replayed = await MagicLinkFlowTests.UseLinkAsync(attacker, link);
        replayed.StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await replayed.Content.ReadAsStringAsync()).ShouldContain("This sign-in link was used already");
        (await MagicLinkFlowTests.ApiSession(attacker))["authenticated"]!.GetValue<bool>().ShouldBeFalse();
        (await MagicLinkFlowTests.UseLinkAsync(onSecond, link)).StatusCode.ShouldBe(HttpStatusCode.Gone);

        // What they remember is the token's id in Redis, under the guard's prefix.
        await using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        RedisKey[] keys = [.. redis.GetServer(redis.GetEndPoints().Single()).Keys(pattern: "ironseal:used:*")];
        keys.ShouldNotBeEmpty();
        keys.ShouldAllBe(key => key.ToString().Length == "ironseal:used:".Length + 22);
    }

    [Test]
    public async Task Links_not_used_yet_pass_on_either_instance()
    {
        await using SampleServer first = await StartInstanceAsync();
        await using SampleServer second = await StartInstanceAsync();
        using HttpClient browser = first.CreateClient();
        string forAda = await MagicLinkFlowTests.RequestLinkAsync(browser, "ada");
        string forAlan = await MagicLinkFlowTests.RequestLinkAsync(browser, "alan");

        using HttpClient adasBrowser = first.CreateClient();
        using HttpClient alansBrowser = second.CreateClient();

        (await MagicLinkFlowTests.UseLinkAsync(adasBrowser, forAda)).RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/profile");
        (await MagicLinkFlowTests.UseLinkAsync(alansBrowser, forAlan)).RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/profile");
    }

    [Test]
    public async Task A_hundred_concurrent_uses_of_one_link_spread_over_two_instances_let_exactly_one_through()
    {
        await using SampleServer first = await StartInstanceAsync();
        await using SampleServer second = await StartInstanceAsync();
        using HttpClient requester = first.CreateClient();
        string link = await MagicLinkFlowTests.RequestLinkAsync(requester, "ada");
        string token = Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..]);

        // A hundred browsers open the link (each gets its CSRF token), half on each instance; then all press at once.
        var browsers = new List<(HttpClient Client, string Csrf)>();
        for (int i = 0; i < 100; i++)
        {
            SampleServer server = i % 2 == 0 ? first : second;
            var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = server.Address };
            string page = await client.GetStringAsync(link);
            browsers.Add((client, Forms.CsrfToken(page)));
        }

        using var start = new SemaphoreSlim(0);
        Task<HttpResponseMessage>[] presses = [.. browsers.Select(browser => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await browser.Client.PostAsync("/login/link/use", new FormUrlEncodedContent([new("_csrf", browser.Csrf), new("token", token)]));
        }))];
        start.Release(presses.Length);
        HttpResponseMessage[] answers = await Task.WhenAll(presses);

        int signedIn = answers.Count(answer => answer.StatusCode == HttpStatusCode.Redirect && answer.Headers.Location?.OriginalString == "/profile");
        int refused = answers.Count(answer => answer.StatusCode == HttpStatusCode.Gone);
        TestContext.Out.WriteLine($"100 concurrent uses over two instances: {signedIn} signed in, {refused} refused (410)");
        signedIn.ShouldBe(1);
        refused.ShouldBe(99);
        foreach ((HttpClient client, _) in browsers)
        {
            client.Dispose();
        }
    }

    [Test]
    public async Task While_Redis_is_down_a_link_gets_503_and_is_not_spent_and_it_works_once_Redis_is_back_without_a_restart()
    {
        await using SampleServer server = await StartInstanceAsync();
        using HttpClient browser = server.CreateClient();
        string link = await MagicLinkFlowTests.RequestLinkAsync(browser, "ada");

        _redis.Kill();
        try
        {
            HttpResponseMessage down = await MagicLinkFlowTests.UseLinkAsync(browser, link);
            down.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await down.Content.ReadAsStringAsync()).ShouldContain("Try again in a moment");
            (await MagicLinkFlowTests.ApiSession(browser))["authenticated"]!.GetValue<bool>().ShouldBeFalse();
        }
        finally
        {
            await _redis.RestartAsync();
        }

        // The connection comes back by itself (AbortOnConnectFail=false); give it the few seconds a reconnect takes.
        HttpResponseMessage used = await Eventually(() => MagicLinkFlowTests.UseLinkAsync(browser, link), response => response.StatusCode == HttpStatusCode.OK);
        used.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/profile");
        (await MagicLinkFlowTests.UseLinkAsync(server.CreateClient(), link)).StatusCode.ShouldBe(HttpStatusCode.Gone);
    }

    [Test]
    public async Task Two_guards_on_two_connections_share_used_ids_and_Redis_forgets_them_after_expiry_plus_the_margin()
    {
        await using ConnectionMultiplexer oneConnection = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        await using ConnectionMultiplexer another = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        var margin = TimeSpan.FromMinutes(1);
        var options = new SingleUseGuardOptions { ExpiryMargin = margin, KeyPrefix = "test:used:" };
        var first = new SingleUseGuard(new RedisSingleUseStore(oneConnection), options);
        var second = new SingleUseGuard(new RedisSingleUseStore(another), options);
        string id = Guid.NewGuid().ToString("N")[..22];
        DateTimeOffset expiresAt = DateTimeOffset.UtcNow.AddMinutes(15);

        (await first.TryUseAsync(id, expiresAt)).ShouldBeTrue();
        (await second.TryUseAsync(id, expiresAt)).ShouldBeFalse();
        (await second.TryUseAsync(Guid.NewGuid().ToString("N")[..22], expiresAt)).ShouldBeTrue();

        // The key's time to live in Redis is what is left of the token's life plus the margin.
        TimeSpan? ttl = await oneConnection.GetDatabase().KeyTimeToLiveAsync("test:used:" + id);
        ttl.ShouldNotBeNull();
        ttl.Value.ShouldBeInRange(TimeSpan.FromMinutes(16) - TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(16));
    }

    /// <summary>Repeats <paramref name="act"/> for up to 20 seconds until <paramref name="done"/> holds; the last answer.</summary>
    internal static async Task<T> Eventually<T>(Func<Task<T>> act, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            T result = await act();
            if (done(result) || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(250);
        }
    }
}
