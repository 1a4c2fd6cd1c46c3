using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace IronSeal.Tests.Crypto;

/// <summary>The parts tuned for speed: each still gives exactly what the plain primitive gives, and stays bounded.</summary>
public sealed class CryptoPartsTests
{
    [Test]
    public void Key_derivation_equals_one_shot_Pbkdf2_for_random_passwords_and_salts()
    {
        var random = new Random(2898);
        Span<byte> ours = stackalloc byte[32];
        for (int i = 0; i < 500; i++)
        {
            string secret = Support.RandomJson.Text(random, 32, 80);
            byte[] salt = Encoding.UTF8.GetBytes(Support.RandomJson.Text(random, 0, 100));
            var entry = new PasswordEntry("1", secret);

            KeyDerivation.DeriveKey(entry, salt, ours);
            KeyDerivation.DeriveKey(entry, salt, ours); // the per-thread HMAC is reset after each use

            ours.ToArray().ShouldBe(Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, 1, HashAlgorithmName.SHA1, 32));
        }
    }

    [Test]
    public void Key_derivation_is_right_on_many_threads_at_once()
    {
        var entry = new PasswordEntry("1", TestPasswords.One);
        byte[] salt = Encoding.ASCII.GetBytes(new string('c', 64));
        byte[] expected = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(TestPasswords.One), salt, 1, HashAlgorithmName.SHA1, 32);
        int wrong = 0;

        Parallel.For(0, 20_000, _ =>
        {
            Span<byte> key = stackalloc byte[32];
            KeyDerivation.DeriveKey(entry, salt, key);
            if (!key.SequenceEqual(expected))
            {
                Interlocked.Increment(ref wrong);
            }
        });

        wrong.ShouldBe(0);
    }

    [Test]
    public void The_key_cache_never_grows_past_its_capacity_and_keeps_the_newest_keys()
    {
        var cache = new DerivedKeyCache();
        Span<byte> read = stackalloc byte[32];

        for (int i = 0; i < DerivedKeyCache.Capacity * 3; i++)
        {
            string salt = i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);
            byte[] key = SHA256.HashData(Encoding.ASCII.GetBytes(salt));
            cache.Add(salt, key);
            cache.TryGet(salt, read).ShouldBeTrue();
            read.SequenceEqual(key).ShouldBeTrue();
        }

        cache.Count.ShouldBeLessThanOrEqualTo(DerivedKeyCache.Capacity);
        cache.Count.ShouldBeGreaterThan(DerivedKeyCache.Capacity / 2);
        cache.TryGet(new string('z', 64), read).ShouldBeFalse();
    }

    [Test]
    public void The_key_cache_is_consistent_under_concurrent_adds_and_reads()
    {
        var cache = new DerivedKeyCache();
        int wrong = 0;

        Parallel.For(0, 50_000, i =>
        {
            Span<byte> read = stackalloc byte[32];
            string salt = (i % 9_000).ToString("x64", System.Globalization.CultureInfo.InvariantCulture);
            byte[] key = SHA256.HashData(Encoding.ASCII.GetBytes(salt));
            cache.Add(salt, key);
            if (cache.TryGet(salt, read) && !read.SequenceEqual(key))
            {
                Interlocked.Increment(ref wrong);
            }
        });

        wrong.ShouldBe(0);
    }

    [Test]
    public void Opening_a_seal_caches_its_two_keys_and_opening_it_again_gives_the_same_data()
    {
        PasswordSet set = PasswordSet.GeneratePassword(); // a password of its own: the key cache is shared per password
        var options = new SealOptions { Password = set };
        string seal = Iron.Seal(new { n = 1 }, options);
        PasswordEntry entry = set.Find("1")!;
        int before = entry.Keys.Count;

        Iron.Unseal<JsonObject>(seal, options)["n"]!.GetValue<int>().ShouldBe(1);
        entry.Keys.Count.ShouldBe(before + 2);
        Iron.Unseal<JsonObject>(seal, options)["n"]!.GetValue<int>().ShouldBe(1);
        entry.Keys.Count.ShouldBe(before + 2);
    }

    [Test]
    public void Forged_seals_never_enter_the_key_cache()
    {
        PasswordSet set = PasswordSet.GeneratePassword(); // a password of its own: the key cache is shared per password
        var options = new SealOptions { Password = set };
        string[] fields = Iron.Seal(new { n = 1 }, options).Split('*');
        PasswordEntry entry = set.Find("1")!;

        for (int i = 0; i < 100; i++)
        {
            fields[6] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(string.Join('*', fields), options));
        }

        entry.Keys.Count.ShouldBe(0);
    }

    [Test]
    public void A_cached_key_never_serves_another_password_with_the_same_id()
    {
        var first = new SealOptions { Password = TestPasswords.One };
        var second = new SealOptions { Password = TestPasswords.Two };
        string seal = Iron.Seal(new { n = 1 }, first);
        Iron.Unseal<JsonObject>(seal, first);

        Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(seal, second)).Reason.ShouldBe(SealError.BadMac);
    }

    [Test]
    public void Buffered_random_bytes_are_not_repeated()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Span<byte> bytes = stackalloc byte[16];
        for (int i = 0; i < 10_000; i++)
        {
            RandomBytes.Fill(bytes);
            seen.Add(Convert.ToHexString(bytes)).ShouldBeTrue();
        }

        byte[] large = new byte[5_000];
        RandomBytes.Fill(large);
        large.Count(b => b == 0).ShouldBeLessThan(100);
    }

    [TestCase(255, true)]
    [TestCase(256, false)]
    public void The_key_cache_keeps_salts_of_up_to_255_ascii_characters(int length, bool cached)
    {
        var cache = new DerivedKeyCache();
        string salt = new('s', length);
        byte[] key = RandomNumberGenerator.GetBytes(32);
        byte[] found = new byte[32];

        cache.Add(salt, key);

        cache.TryGet(salt, found).ShouldBe(cached);
        cache.Count.ShouldBe(cached ? 1 : 0);
        if (cached)
        {
            found.ShouldBe(key);
        }
    }

    [Test]
    public void The_key_cache_does_not_keep_non_ascii_salts()
    {
        var cache = new DerivedKeyCache();

        cache.Add("sälz", RandomNumberGenerator.GetBytes(32));

        cache.Count.ShouldBe(0);
        cache.TryGet("sälz", new byte[32]).ShouldBeFalse();
    }

    [Test]
    public void A_password_entry_shows_its_id_and_never_its_secret()
    {
        var entry = new PasswordEntry("7", TestPasswords.One);

        entry.ToString().ShouldBe("PasswordEntry { id: 7 }");
    }

    [Test]
    public void Sets_holding_the_same_password_share_its_hmac_and_key_cache()
    {
        string password = PasswordSet.GeneratePassword();
        PasswordSet first = password;
        PasswordSet second = new Dictionary<string, string> { ["3"] = password, ["1"] = TestPasswords.One };

        first.Find("1")!.Secret.ShouldBeSameAs(second.Find("3")!.Secret);
        first.Find("1")!.Secret.ShouldNotBeSameAs(second.Find("1")!.Secret);
    }

    [Test]
    public void A_seal_opened_with_options_built_per_call_warms_the_cache_for_the_next_options()
    {
        string password = PasswordSet.GeneratePassword();
        string seal = Iron.Seal(new { n = 1 }, new SealOptions { Password = password });
        Iron.Unseal<JsonObject>(seal, new SealOptions { Password = password });

        var encSalt = seal.Split('*')[2];
        PasswordSet fresh = password;
        fresh.Find("1")!.Keys.TryGet(encSalt, stackalloc byte[32]).ShouldBeTrue();
    }

    [Test]
    public void A_password_state_no_set_holds_is_collected()
    {
        WeakReference state = MakeAndDropState();

        for (int i = 0; i < 10 && state.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        state.IsAlive.ShouldBeFalse();
    }

    [Test]
    public void The_same_string_converts_to_the_same_set_and_another_string_to_another()
    {
        string password = PasswordSet.GeneratePassword();
        PasswordSet first = password;
        PasswordSet again = new string(password.AsSpan()); // equal text, another instance
        PasswordSet other = PasswordSet.GeneratePassword();

        again.ShouldBeSameAs(first);
        other.ShouldNotBeSameAs(first);
        other.Find("1")!.Secret.ShouldNotBeSameAs(first.Find("1")!.Secret);
    }

    [Test]
    public void Two_different_passwords_never_share_a_state()
    {
        // A registry hit is confirmed by comparing the bytes, not by the hash alone.
        PasswordSecret a = PasswordSecret.For(new string('a', 32));
        PasswordSecret b = PasswordSecret.For(new string('a', 31) + "b");

        a.ShouldNotBeSameAs(b);
        a.Utf8.SequenceEqual(b.Utf8).ShouldBeFalse();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference MakeAndDropState()
    {
        // Built from the pair, not the string: sets made from strings are kept for reuse (PasswordSet.FromString).
        PasswordSet set = new Dictionary<string, string> { ["1"] = PasswordSet.GeneratePassword() };
        return new WeakReference(set.Find("1")!.Secret);
    }
}
