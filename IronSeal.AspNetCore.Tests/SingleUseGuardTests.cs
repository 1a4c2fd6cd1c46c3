using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using IronSeal.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.AspNetCore.Tests;

/// <summary>
/// <see cref="SingleUseGuard"/> over <see cref="DistributedCacheSingleUseStore"/> on the in-memory distributed cache,
/// whose clock is the test's fake clock (the in-memory and Redis stores: SingleUseStoreTests, RedisSingleUseTests).
/// </summary>
public sealed class SingleUseGuardTests
{
    private const string Id = "AAAAAAAAAAAAAAAAAAAAAA";
    private const string OtherId = "BBBBBBBBBBBBBBBBBBBBBB";

    private FakeTimeProvider _time = null!;
    private MemoryDistributedCache _cache = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        _cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions { Clock = new FakeSystemClock(_time) }));
    }

    private SingleUseGuard Guard(SingleUseGuardOptions? options = null) => new(new DistributedCacheSingleUseStore(_cache), options, _time);

    private DateTimeOffset InFifteenMinutes => _time.GetUtcNow().AddMinutes(15);

    [Test]
    public async Task The_first_use_passes_and_every_later_use_is_refused()
    {
        SingleUseGuard guard = Guard();

        (await guard.TryUseAsync(Id, InFifteenMinutes)).ShouldBeTrue();
        (await guard.TryUseAsync(Id, InFifteenMinutes)).ShouldBeFalse();
        (await guard.TryUseAsync(Id, InFifteenMinutes)).ShouldBeFalse();
    }

    [Test]
    public async Task A_different_token_passes()
    {
        SingleUseGuard guard = Guard();
        await guard.TryUseAsync(Id, InFifteenMinutes);

        (await guard.TryUseAsync(OtherId, InFifteenMinutes)).ShouldBeTrue();
    }

    [Test]
    public async Task Another_guard_over_the_same_cache_refuses_a_used_token()
    {
        await Guard().TryUseAsync(Id, InFifteenMinutes);

        (await Guard().TryUseAsync(Id, InFifteenMinutes)).ShouldBeFalse();
    }

    [Test]
    public async Task The_id_is_remembered_until_expiry_plus_the_margin_and_then_forgotten()
    {
        SingleUseGuard guard = Guard(new SingleUseGuardOptions { ExpiryMargin = TimeSpan.FromMinutes(1) });
        DateTimeOffset expiresAt = InFifteenMinutes;
        (await guard.TryUseAsync(Id, expiresAt)).ShouldBeTrue();
        byte[]? Entry() => _cache.Get(SingleUseGuardOptions.DefaultKeyPrefix + Id);

        _time.Advance(TimeSpan.FromMinutes(16) - TimeSpan.FromMilliseconds(1));
        Entry().ShouldNotBeNull();
        (await guard.TryUseAsync(Id, expiresAt)).ShouldBeFalse();

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Entry().ShouldBeNull();
        (await guard.TryUseAsync(Id, expiresAt)).ShouldBeFalse(); // forgotten, but past expiry and margin: still refused
    }

    [Test]
    public async Task A_token_that_expired_more_than_the_margin_ago_is_refused_without_touching_the_cache()
    {
        DateTimeOffset expired = _time.GetUtcNow() - SingleUseGuardOptions.DefaultExpiryMargin;

        (await Guard().TryUseAsync(Id, expired)).ShouldBeFalse();

        _cache.Get(SingleUseGuardOptions.DefaultKeyPrefix + Id).ShouldBeNull();
    }

    [Test]
    public async Task A_token_that_expired_within_the_margin_is_still_remembered()
    {
        // It may still open on a server whose clock is behind, or with a ClockSkew: so it is used once, not never.
        DateTimeOffset expiredJustNow = _time.GetUtcNow().AddSeconds(-30);

        (await Guard().TryUseAsync(Id, expiredJustNow)).ShouldBeTrue();
        (await Guard().TryUseAsync(Id, expiredJustNow)).ShouldBeFalse();
    }

    [Test]
    public async Task A_token_that_never_expires_is_remembered_for_RetentionWithoutExpiry()
    {
        SingleUseGuard guard = Guard(new SingleUseGuardOptions { RetentionWithoutExpiry = TimeSpan.FromDays(2) });
        (await guard.TryUseAsync(Id, expiresAt: null)).ShouldBeTrue();

        _time.Advance(TimeSpan.FromDays(2) - TimeSpan.FromMilliseconds(1));
        (await guard.TryUseAsync(Id, expiresAt: null)).ShouldBeFalse();

        _time.Advance(TimeSpan.FromMilliseconds(1));
        (await guard.TryUseAsync(Id, expiresAt: null)).ShouldBeTrue(); // the documented limit: give single-use tokens a ttl
    }

    [Test]
    public async Task A_seal_whose_expiration_says_year_9999_is_remembered_for_the_longest_time_the_cache_takes()
    {
        (await Guard().TryUseAsync(Id, DateTimeOffset.MaxValue)).ShouldBeTrue();
        (await Guard().TryUseAsync(Id, DateTimeOffset.MaxValue)).ShouldBeFalse();
    }

    [Test]
    public async Task Keys_carry_the_prefix_and_another_prefix_is_another_namespace()
    {
        await Guard().TryUseAsync(Id, InFifteenMinutes);

        _cache.Get("ironseal:used:" + Id).ShouldNotBeNull();
        _cache.Get(Id).ShouldBeNull();
        (await Guard(new SingleUseGuardOptions { KeyPrefix = "other-app:used:" }).TryUseAsync(Id, InFifteenMinutes)).ShouldBeTrue();
    }

    [Test]
    public async Task Concurrent_uses_of_one_token_in_one_process_let_exactly_one_pass()
    {
        var guard = new SingleUseGuard(new DistributedCacheSingleUseStore(new SlowCache(_cache)), timeProvider: _time);

        bool[] results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () => await guard.TryUseAsync(Id, InFifteenMinutes))));

        results.Count(passed => passed).ShouldBe(1);
    }

    [Test]
    public async Task An_opened_seal_is_used_by_its_id_whatever_its_spelling()
    {
        var options = new SealOptions { Password = Repository.Password, Purpose = "magic-link", Ttl = TimeSpan.FromMinutes(15), ClockSkew = TimeSpan.Zero, TimeProvider = _time };
        string token = Iron.Seal(new { login = "ada" }, options);
        string respelled = token[..token.LastIndexOf('~')] + "~anything";
        SingleUseGuard guard = Guard();

        Unsealed<Dictionary<string, string>> first = Iron.Open<Dictionary<string, string>>(token, options);
        Unsealed<Dictionary<string, string>> again = Iron.Open<Dictionary<string, string>>(respelled, options);

        (await guard.TryUseAsync(first)).ShouldBeTrue();
        (await guard.TryUseAsync(again)).ShouldBeFalse();
        _cache.Get("ironseal:used:" + first.SealId).ShouldNotBeNull();
    }

    [Test]
    public async Task Bad_arguments_and_options_are_refused_with_what_to_change()
    {
        SingleUseGuard guard = Guard();
        await Should.ThrowAsync<ArgumentException>(async () => await guard.TryUseAsync("", InFifteenMinutes));
        await Should.ThrowAsync<ArgumentNullException>(async () => await guard.TryUseAsync(null!, InFifteenMinutes));
        await Should.ThrowAsync<ArgumentNullException>(async () => await guard.TryUseAsync<string>(null!));
        await Should.ThrowAsync<OperationCanceledException>(async () => await guard.TryUseAsync(Id, InFifteenMinutes, new CancellationToken(canceled: true)));
        _cache.Get("ironseal:used:" + Id).ShouldBeNull();

        Should.Throw<ArgumentNullException>(() => new SingleUseGuard(null!));
        Should.Throw<ArgumentException>(() => Guard(new SingleUseGuardOptions { ExpiryMargin = TimeSpan.FromSeconds(-1) })).Message.ShouldContain("ExpiryMargin");
        Should.Throw<ArgumentException>(() => Guard(new SingleUseGuardOptions { ExpiryMargin = TimeSpan.FromDays(2) })).Message.ShouldContain("one day");
        Should.Throw<ArgumentException>(() => Guard(new SingleUseGuardOptions { RetentionWithoutExpiry = TimeSpan.Zero })).Message.ShouldContain("RetentionWithoutExpiry");
        Should.Throw<ArgumentException>(() => Guard(new SingleUseGuardOptions { KeyPrefix = null! })).Message.ShouldContain("KeyPrefix");
    }

    [Test]
    public void The_limits_of_the_options_are_inclusive()
    {
        Should.NotThrow(() => Guard(new SingleUseGuardOptions { ExpiryMargin = TimeSpan.Zero }));
        Should.NotThrow(() => Guard(new SingleUseGuardOptions { ExpiryMargin = TimeSpan.FromDays(1) }));
        Should.NotThrow(() => Guard(new SingleUseGuardOptions { RetentionWithoutExpiry = TimeSpan.FromDays(36_500) }));
        Should.Throw<ArgumentException>(() => Guard(new SingleUseGuardOptions { RetentionWithoutExpiry = TimeSpan.FromDays(36_500) + TimeSpan.FromTicks(1) }))
            .Message.ShouldContain("100 years");
        Should.Throw<ArgumentException>(() => Guard(new SingleUseGuardOptions { ExpiryMargin = TimeSpan.FromDays(1) + TimeSpan.FromTicks(1) }));
    }

    [Test]
    public async Task AddIronSealSingleUse_uses_the_in_memory_store_on_the_clock_from_DI_when_nothing_is_shared()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddIronSealSingleUse(options => options.ExpiryMargin = TimeSpan.Zero);
        using ServiceProvider provider = services.BuildServiceProvider();

        SingleUseGuard guard = provider.GetRequiredService<SingleUseGuard>();
        guard.Store.ShouldBeOfType<InMemorySingleUseStore>();
        guard.ShouldBeSameAs(provider.GetRequiredService<SingleUseGuard>());

        // The fake clock decides: 15 minutes later (by it) the token is past its expiry and the zero margin.
        DateTimeOffset expiresAt = InFifteenMinutes;
        (await guard.TryUseAsync(OtherId, expiresAt)).ShouldBeTrue();
        (await guard.TryUseAsync(OtherId, expiresAt)).ShouldBeFalse();
        _time.Advance(TimeSpan.FromMinutes(15));
        (await guard.TryUseAsync(Id, expiresAt)).ShouldBeFalse();
    }

    [Test]
    public void AddIronSealSingleUse_does_not_take_a_keyed_cache_for_a_shared_one()
    {
        var services = new ServiceCollection();
        services.AddKeyedSingleton<IDistributedCache>("reports", new SlowCache(_cache));
        services.AddIronSealSingleUse();
        using ServiceProvider provider = services.BuildServiceProvider();

        provider.GetRequiredService<SingleUseGuard>().Store.ShouldBeOfType<InMemorySingleUseStore>();
    }

    [Test]
    public async Task A_Redis_cache_registered_after_it_is_used_and_its_race_is_logged_once_at_start_up()
    {
        var logs = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(logs)));
        services.AddIronSealSingleUse();
        services.AddStackExchangeRedisCache(options => options.Configuration = "127.0.0.1:1");
        await using ServiceProvider provider = services.BuildServiceProvider();

        // The start-up step builds the guard (resolving connects nothing yet; RedisCache connects on first use).
        foreach (IHostedService hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        provider.GetRequiredService<SingleUseGuard>().Store.ShouldBeOfType<DistributedCacheSingleUseStore>();
        FakeLogRecord warning = logs.GetSnapshot().Single(record => record.Category == "IronSeal" && record.Id.Id == 7);
        warning.Level.ShouldBe(LogLevel.Warning);
        warning.Message.ShouldContain("RedisCache");
        warning.Message.ShouldContain("AddIronSealRedis");
    }

    [Test]
    public async Task Over_a_distributed_cache_two_instances_presenting_one_token_at_once_can_both_pass()
    {
        // The race this store has and the Redis store has not (RedisSingleUseTests): read, then write.
        var shared = new SlowCache(_cache);
        var first = new SingleUseGuard(new DistributedCacheSingleUseStore(shared), timeProvider: _time);
        var second = new SingleUseGuard(new DistributedCacheSingleUseStore(shared), timeProvider: _time);

        bool[] results = await Task.WhenAll(first.TryUseAsync(Id, InFifteenMinutes).AsTask(), second.TryUseAsync(Id, InFifteenMinutes).AsTask());

        results.ShouldBe([true, true]);
    }

    [Test]
    public async Task A_failing_cache_fails_closed_with_the_store_exception()
    {
        var guard = new SingleUseGuard(new DistributedCacheSingleUseStore(new FailingCache()), timeProvider: _time);

        IronSealStoreException failure = await Should.ThrowAsync<IronSealStoreException>(async () => await guard.TryUseAsync(Id, InFifteenMinutes));

        failure.InnerException.ShouldBeOfType<TimeoutException>();
        failure.Message.ShouldContain("not accepted");
    }

    [Test]
    public async Task The_in_memory_store_lets_exactly_one_of_a_hundred_concurrent_uses_pass()
    {
        var guard = new SingleUseGuard(new InMemorySingleUseStore(_time), timeProvider: _time);

        bool[] results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(async () => await guard.TryUseAsync(Id, InFifteenMinutes))));

        results.Count(passed => passed).ShouldBe(1);
    }
}
