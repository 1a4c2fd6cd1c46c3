using System.Net;
using IronSeal.AspNetCore.Tests.Support;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;
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

        // What they remember is the token's id in Redis, under the sample's instance name and the guard's prefix.
        await using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        RedisKey[] keys = [.. redis.GetServer(redis.GetEndPoints().Single()).Keys(pattern: "ironseal-sample:ironseal:used:*")];
        keys.ShouldNotBeEmpty();
        keys.ShouldAllBe(key => key.ToString().Length == "ironseal-sample:ironseal:used:".Length + 22);
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
    public async Task Two_guards_on_two_connections_share_used_ids_and_Redis_forgets_them_after_expiry_plus_the_margin()
    {
        using RedisCache oneConnection = NewCache();
        using RedisCache another = NewCache();
        var margin = TimeSpan.FromMinutes(1);
        var options = new SingleUseGuardOptions { ExpiryMargin = margin };
        var first = new SingleUseGuard(oneConnection, options);
        var second = new SingleUseGuard(another, options);
        string id = Guid.NewGuid().ToString("N")[..22];
        DateTimeOffset expiresAt = DateTimeOffset.UtcNow.AddMinutes(15);

        (await first.TryUseAsync(id, expiresAt)).ShouldBeTrue();
        (await second.TryUseAsync(id, expiresAt)).ShouldBeFalse();
        (await second.TryUseAsync(Guid.NewGuid().ToString("N")[..22], expiresAt)).ShouldBeTrue();

        // The key's time to live in Redis is what is left of the token's life plus the margin.
        await using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        TimeSpan? ttl = await redis.GetDatabase().KeyTimeToLiveAsync("test:" + SingleUseGuardOptions.DefaultKeyPrefix + id);
        ttl.ShouldNotBeNull();
        ttl.Value.ShouldBeInRange(TimeSpan.FromMinutes(16) - TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(16));
    }

    private RedisCache NewCache() => new(Options.Create(new RedisCacheOptions { Configuration = _redis.ConnectionString, InstanceName = "test:" }));
}
