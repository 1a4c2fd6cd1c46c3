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
    public void The_opened_seal_cache_is_consistent_under_concurrent_adds_and_reads()
    {
        var cache = new OpenedSealCache();
        int wrong = 0;

        Parallel.For(0, 50_000, i =>
        {
            string seal = "Fe26.2*1*s*iv*c**m*" + (i % 900).ToString("x43", System.Globalization.CultureInfo.InvariantCulture);
            byte[] plaintext = SHA256.HashData(Encoding.ASCII.GetBytes(seal));
            cache.Add(seal, plaintext);
            if (cache.TryGet(seal, out byte[]? read, out int length, out _))
            {
                if (!read.AsSpan(0, length).SequenceEqual(plaintext))
                {
                    Interlocked.Increment(ref wrong);
                }

                System.Buffers.ArrayPool<byte>.Shared.Return(read!);
            }
        });

        wrong.ShouldBe(0);
        cache.Count.ShouldBeLessThanOrEqualTo(OpenedSealCache.Capacity);
    }

    [Test]
    public void Forged_seals_never_enter_the_opened_seal_cache()
    {
        PasswordSet set = PasswordSet.GeneratePassword(); // a password of its own: the cache is shared per password
        var options = new SealOptions { Password = set };
        string[] fields = Iron.Seal(new { n = 1 }, options).Split('*');
        PasswordEntry entry = set.Find("1")!;

        for (int i = 0; i < 100; i++)
        {
            fields[6] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(string.Join('*', fields), options));
            Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(string.Join('*', fields), options));
        }

        entry.Secret.Opened.Count.ShouldBe(0);
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

    [Test]
    public void A_password_entry_shows_its_id_and_never_its_secret()
    {
        var entry = new PasswordEntry("7", TestPasswords.One);

        entry.ToString().ShouldBe("PasswordEntry { id: 7 }");
    }

    [Test]
    public void Sets_holding_the_same_password_share_its_hmac_and_opened_seal_cache()
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
        Iron.Unseal<JsonObject>(seal, new SealOptions { Password = password });

        PasswordSet fresh = password;
        fresh.Find("1")!.Secret.Opened.TryGet(seal.Split('~')[0], out byte[]? kept, out _, out _).ShouldBeTrue();
        System.Buffers.ArrayPool<byte>.Shared.Return(kept!);
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
