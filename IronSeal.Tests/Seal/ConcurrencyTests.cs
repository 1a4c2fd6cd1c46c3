using IronSeal.Tests.Support;

namespace IronSeal.Tests.Seal;

public sealed class ConcurrencyTests
{
    [Test]
    public void Many_threads_seal_and_unseal_with_one_shared_options_and_nothing_crosses()
    {
        var options = new SealOptions { Password = TestPasswords.Rotated, Ttl = TimeSpan.FromMinutes(5) };
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();

        Parallel.For(0, 4_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var mine = new MagicLink($"user{i}@example.com", i);
            string seal = i % 2 == 0 ? Iron.Seal(mine, options) : Iron.Seal(mine, TestJsonContext.Default.MagicLink, options);
            MagicLink back = Iron.Unseal<MagicLink>(seal, options);
            if (back != mine)
            {
                failures.Add($"{i}: got {back}");
            }
        });

        failures.ShouldBeEmpty();
    }
}
