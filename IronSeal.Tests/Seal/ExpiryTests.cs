using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.Tests.Seal;

/// <summary>Expiry edges with a fake clock: a seal is accepted while now &lt; expiration + 60 s.</summary>
public sealed class ExpiryTests
{
    private static readonly DateTimeOffset s_sealedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private static (string Seal, FakeTimeProvider Clock, SealOptions Options) SealAt(TimeSpan ttl)
    {
        var clock = new FakeTimeProvider(s_sealedAt);
        var options = new SealOptions { Password = TestPasswords.One, Ttl = ttl, TimeProvider = clock };
        return (Iron.Seal(new { a = 1 }, options), clock, options);
    }

    [TestCase(60)]
    [TestCase(3600)]
    [TestCase(1_209_600)]
    public void Valid_at_ttl_plus_59_999_seconds_and_expired_at_ttl_plus_60_seconds(int ttlSeconds)
    {
        TimeSpan ttl = TimeSpan.FromSeconds(ttlSeconds);
        (string seal, FakeTimeProvider clock, SealOptions options) = SealAt(ttl);

        clock.SetUtcNow(s_sealedAt + ttl + TimeSpan.FromMilliseconds(59_999));
        Should.NotThrow(() => Iron.Unseal<JsonObject>(seal, options));

        clock.SetUtcNow(s_sealedAt + ttl + TimeSpan.FromSeconds(60));
        Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(seal, options)).Reason.ShouldBe(SealError.Expired);
    }

    [Test]
    public void A_ttl_of_zero_never_expires()
    {
        (string seal, FakeTimeProvider clock, SealOptions options) = SealAt(TimeSpan.Zero);

        clock.Advance(TimeSpan.FromDays(365 * 200));

        Iron.Unseal<JsonObject>(seal, options)["a"]!.GetValue<int>().ShouldBe(1);
    }

    [Test]
    public void Unsealing_ignores_the_readers_ttl()
    {
        (string seal, FakeTimeProvider clock, SealOptions options) = SealAt(TimeSpan.FromHours(1));
        clock.Advance(TimeSpan.FromMinutes(30));

        Should.NotThrow(() => Iron.Unseal<JsonObject>(seal, options with { Ttl = TimeSpan.FromSeconds(1) }));
    }

    [Test]
    public void The_default_ttl_is_fourteen_days() =>
        new SealOptions { Password = TestPasswords.One }.Ttl.ShouldBe(TimeSpan.FromSeconds(1_209_600));

    [TestCase(-1)]
    [TestCase(0.5)]
    public void A_negative_or_sub_millisecond_ttl_is_refused(double milliseconds)
    {
        var options = new SealOptions { Password = TestPasswords.One, Ttl = TimeSpan.FromMilliseconds(milliseconds) };

        Should.Throw<ArgumentOutOfRangeException>(() => Iron.Seal(1, options)).ParamName.ShouldBe("Ttl");
    }
}
