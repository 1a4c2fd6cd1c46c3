using System.Text;
using IronSeal.AspNetCore.Tests.Support;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.AspNetCore.Tests;

/// <summary>The revocation stores on their own: what they keep, for how long, and how they fail (Redis: RedisRevocationTests).</summary>
public sealed class RevocationStoreTests
{
    private static readonly DateTimeOffset s_revokedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_123);

    [Test]
    public async Task The_distributed_cache_store_keeps_the_time_as_decimal_milliseconds_for_the_lifetime()
    {
        var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        var store = new DistributedCacheRevocationStore(cache);

        await store.RevokeAsync("ironseal:revoked:user:1", s_revokedAt, TimeSpan.FromMinutes(10));

        Encoding.ASCII.GetString(cache.Get("ironseal:revoked:user:1")!).ShouldBe("1800000000123", "what a Node app reads with Number(value)");
        (await store.GetAsync(["ironseal:revoked:session:9", "ironseal:revoked:user:1"])).ShouldBe([null, s_revokedAt]);
    }

    [Test]
    public async Task The_in_memory_store_forgets_a_record_after_its_lifetime_and_a_later_revocation_replaces_it()
    {
        var clock = new FakeTimeProvider(s_revokedAt);
        var store = new InMemoryRevocationStore(clock);
        await store.RevokeAsync("k", s_revokedAt, TimeSpan.FromMinutes(10));

        clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        (await store.GetAsync(["k"])).ShouldBe([s_revokedAt]);
        await store.RevokeAsync("k", s_revokedAt.AddMinutes(5), TimeSpan.FromMinutes(10));
        clock.Advance(TimeSpan.FromMinutes(5));
        (await store.GetAsync(["k"])).ShouldBe([s_revokedAt.AddMinutes(5)], "the later record, with its own lifetime");
        clock.Advance(TimeSpan.FromMinutes(5));
        (await store.GetAsync(["k"])).ShouldBe([null]);
    }

    [Test]
    public async Task A_failing_cache_fails_with_the_store_exception_and_a_cancelled_call_is_not_a_store_failure()
    {
        var store = new DistributedCacheRevocationStore(new FailingCache());

        IronSealStoreException recording = await Should.ThrowAsync<IronSealStoreException>(async () => await store.RevokeAsync("k", s_revokedAt, TimeSpan.FromMinutes(1)));
        recording.InnerException.ShouldBeOfType<TimeoutException>();
        recording.Message.ShouldContain("recording a revocation (TimeoutException)");
        (await Should.ThrowAsync<IronSealStoreException>(async () => await store.GetAsync(["k"]))).Message.ShouldContain("checking revocations");

        var cancelled = new DistributedCacheRevocationStore(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())));
        await Should.ThrowAsync<OperationCanceledException>(async () => await cancelled.GetAsync(["k"], new CancellationToken(canceled: true)));
    }

    [TestCase("1800000000123", 1_800_000_000_123L)]
    [TestCase("0", 0L)]
    [TestCase("253402300799999", 253_402_300_799_999L)] // the last millisecond of year 9999
    [TestCase("0000000000000001", 1L)] // 16 characters, the most read
    public void A_record_value_is_read_as_its_milliseconds(string value, long milliseconds) =>
        RevocationRecord.Parse(Encoding.ASCII.GetBytes(value)).ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds));

    [TestCase("")]
    [TestCase("00000000000000001")] // 17 characters: longer than any time is written
    [TestCase("-5")]
    [TestCase("+5")]
    [TestCase("1.5")]
    [TestCase(" 5")]
    [TestCase("253402300800000")] // past year 9999
    [TestCase("99999999999999999")] // more digits than any time has
    [TestCase("revoked")]
    public void A_value_that_is_not_a_time_is_not_a_revocation(string value) =>
        RevocationRecord.Parse(Encoding.ASCII.GetBytes(value)).ShouldBeNull();

    [Test]
    public void A_record_is_written_as_the_milliseconds_it_is_read_as() =>
        RevocationRecord.Parse(Encoding.ASCII.GetBytes(RevocationRecord.Format(s_revokedAt))).ShouldBe(s_revokedAt);

    [Test]
    public async Task The_distributed_cache_store_forgets_a_record_after_its_lifetime()
    {
        var clock = new FakeTimeProvider(s_revokedAt);
        var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions { Clock = new FakeSystemClock(clock) }));
        var store = new DistributedCacheRevocationStore(cache);
        await store.RevokeAsync("k", s_revokedAt, TimeSpan.FromMinutes(10));

        clock.Advance(TimeSpan.FromMinutes(9));
        (await store.GetAsync(["k"])).ShouldBe([s_revokedAt]);
        clock.Advance(TimeSpan.FromMinutes(1));
        (await store.GetAsync(["k"])).ShouldBe([null]);
    }

    [Test]
    public async Task Every_store_refuses_bad_arguments_and_a_cancelled_call_before_touching_anything()
    {
        var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        var cancelled = new CancellationToken(canceled: true);
        ISessionRevocationStore[] revocations = [new InMemoryRevocationStore(), new DistributedCacheRevocationStore(cache)];
        foreach (ISessionRevocationStore store in revocations)
        {
            await Should.ThrowAsync<ArgumentException>(async () => await store.RevokeAsync("", s_revokedAt, TimeSpan.FromMinutes(1)));
            await Should.ThrowAsync<ArgumentNullException>(async () => await store.GetAsync(null!));
            await Should.ThrowAsync<OperationCanceledException>(async () => await store.RevokeAsync("k", s_revokedAt, TimeSpan.FromMinutes(1), cancelled));
            await Should.ThrowAsync<OperationCanceledException>(async () => await store.GetAsync(["k"], cancelled));
            (await store.GetAsync(["k"])).ShouldBe([null], "a cancelled revocation recorded nothing");
        }

        ISingleUseStore[] singleUse = [new InMemorySingleUseStore(), new DistributedCacheSingleUseStore(cache)];
        foreach (ISingleUseStore store in singleUse)
        {
            await Should.ThrowAsync<ArgumentException>(async () => await store.TryAddAsync("", TimeSpan.FromMinutes(1)));
            await Should.ThrowAsync<OperationCanceledException>(async () => await store.TryAddAsync("u", TimeSpan.FromMinutes(1), cancelled));
            (await store.TryAddAsync("u", TimeSpan.FromMinutes(1))).ShouldBeTrue("a cancelled use recorded nothing");
        }
    }
}
