using System.Text.Json.Nodes;
using IronSeal.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.Tests.Crypto;

/// <summary>
/// A seal opened once is opened again from the password's cache of plaintexts, and the cache never changes an answer:
/// expiry, removed passwords, purposes, tampering and other passwords are refused exactly as without it.
/// </summary>
public sealed class OpenedSealCacheTests
{
    private static string UniquePassword() => "opened-seal-cache-test-" + Guid.NewGuid().ToString("N");

    /// <summary>Opens a seal twice, so that the cache keeps it (a seal is kept on its second verified open), and checks that it does.</summary>
    private static void Keep(string seal, SealOptions options)
    {
        Iron.Unseal<JsonObject>(seal, options).ShouldNotBeNull();
        Iron.Unseal<JsonObject>(seal, options).ShouldNotBeNull();
        OpenedSealCache cache = options.Password.Find(seal.Split('*')[1])!.Secret.Opened;
        cache.TryGet(seal.Split('~')[0], out byte[]? buffer, out _, out _).ShouldBeTrue("the seal should be kept after two opens");
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer!);
    }

    [Test]
    public void A_seal_is_kept_on_its_second_open_and_a_third_comes_from_the_cache_with_the_same_data()
    {
        string password = UniquePassword();
        var options = new SealOptions { Password = password };
        string seal = Iron.Seal(new { user = "ada", n = 1 }, options);
        OpenedSealCache cache = PasswordSet.FromString(password).Find("1")!.Secret.Opened;
        cache.Count.ShouldBe(0);

        Iron.Unseal<JsonObject>(seal, options)["user"]!.GetValue<string>().ShouldBe("ada");
        cache.Count.ShouldBe(0); // noted, not kept: a browser sends most seals once
        Iron.Unseal<JsonObject>(seal, options)["user"]!.GetValue<string>().ShouldBe("ada");
        cache.Count.ShouldBe(1);
        cache.TryGet(seal.Split('~')[0], out byte[]? buffer, out int length, out _).ShouldBeTrue();
        System.Text.Encoding.UTF8.GetString(buffer!, 0, length).ShouldBe("""{"user":"ada","n":1}""");
        Iron.Unseal<JsonObject>(seal, options)["n"]!.GetValue<int>().ShouldBe(1);
        cache.Count.ShouldBe(1);
    }

    [Test]
    public void Seals_opened_once_each_as_in_a_browser_save_loop_are_never_kept()
    {
        string password = UniquePassword();
        var options = new SealOptions { Password = password };
        OpenedSealCache cache = PasswordSet.FromString(password).Find("1")!.Secret.Opened;

        for (int n = 0; n < 2 * OpenedSealCache.Capacity; n++)
        {
            Iron.Unseal<JsonObject>(Iron.Seal(new { n }, options), options)["n"]!.GetValue<int>().ShouldBe(n);
        }

        cache.Count.ShouldBe(0);
    }

    [Test]
    public void The_duplicate_key_scan_is_skipped_only_for_a_kept_plaintext_found_free_of_repeated_keys()
    {
        string password = UniquePassword();
        var options = new SealOptions { Password = password };
        OpenedSealCache cache = PasswordSet.FromString(password).Find("1")!.Secret.Opened;
        string unique = Iron.Seal(new { user = "ada", n = 1 }, options);
        string repeated = HandSeal.Encrypt(password, """{"user":"ada","user":"grace"}"""u8.ToArray(), id: "");

        for (int open = 0; open < 3; open++)
        {
            Iron.Unseal<JsonObject>(unique, options)["user"]!.GetValue<string>().ShouldBe("ada");
            Iron.Unseal<JsonObject>(repeated, options)["user"]!.GetValue<string>().ShouldBe("grace"); // last wins, every time
        }

        cache.TryGet(unique.Split('~')[0], out byte[]? a, out _, out OpenedSealCache.Entry? uniqueEntry).ShouldBeTrue();
        cache.TryGet(repeated, out byte[]? b, out _, out OpenedSealCache.Entry? repeatedEntry).ShouldBeTrue();
        uniqueEntry!.KeysUnique.ShouldBeTrue();
        repeatedEntry!.KeysUnique.ShouldBeFalse();
        System.Buffers.ArrayPool<byte>.Shared.Return(a!);
        System.Buffers.ArrayPool<byte>.Shared.Return(b!);
    }

    [Test]
    public void The_whole_text_comparison_sees_a_difference_at_every_position_of_every_length()
    {
        for (int length = 1; length <= 24; length++)
        {
            string cached = new('a', length);
            OpenedSealCache.SameText(cached, cached.ToCharArray()).ShouldBeTrue();
            for (int position = 0; position < length; position++)
            {
                char[] other = cached.ToCharArray();
                other[position] = 'b';
                OpenedSealCache.SameText(cached, other).ShouldBeFalse($"length {length}, position {position}");
                other[position] = (char)('a' ^ 0x100); // a difference in the high byte of a UTF-16 unit only
                OpenedSealCache.SameText(cached, other).ShouldBeFalse($"length {length}, position {position}, high byte");
            }

            // The same difference at the start and at the end: differences must add up, never cancel out.
            char[] twice = cached.ToCharArray();
            twice[0] = twice[length - 1] = 'b';
            OpenedSealCache.SameText(cached, twice).ShouldBeFalse($"length {length}, first and last");
        }
    }

    [Test]
    public void A_plaintext_of_exactly_the_limit_is_kept_and_one_byte_more_is_not()
    {
        var cache = new OpenedSealCache();
        cache.Add("Fe26.2*1*a*b*c**d*limit", new byte[OpenedSealCache.MaxPlaintextBytes]).ShouldBeNull(); // the first open is noted only
        cache.Add("Fe26.2*1*a*b*c**d*limit", new byte[OpenedSealCache.MaxPlaintextBytes]).ShouldNotBeNull();
        cache.Add("Fe26.2*1*a*b*c**d*over", new byte[OpenedSealCache.MaxPlaintextBytes + 1]).ShouldBeNull();
        cache.Add("Fe26.2*1*a*b*c**d*over", new byte[OpenedSealCache.MaxPlaintextBytes + 1]).ShouldBeNull();
        cache.Count.ShouldBe(1);
    }

    [Test]
    public void A_strengthened_seal_is_kept_on_its_first_open_and_apart_from_seals_of_one_round()
    {
        var cache = new OpenedSealCache();
        cache.Add("Fe26.2*1*a*b*c**d*strong", [1, 2, 3], strengthened: true).ShouldNotBeNull();
        cache.Count.ShouldBe(1);

        PasswordSecret secret = PasswordSet.FromString(UniquePassword()).Find("1")!.Secret;
        secret.OpenedFor(8192).ShouldNotBeNull();
        secret.OpenedFor(8192).ShouldNotBeSameAs(secret.Opened);
        secret.OpenedFor(8192).ShouldBeSameAs(secret.OpenedFor(8192));
        secret.OpenedFor(KeyDerivation.IronIterations).ShouldBeSameAs(secret.Opened);
        secret.OpenedFor(4096).ShouldBeNull(); // a third round count gets no cache
    }

    [Test]
    public async Task An_h3_2_session_cookie_is_opened_from_the_cache_after_its_first_read()
    {
        string password = UniquePassword();
        var options = new H3SessionOptions { Name = "h3", Password = password, Version = H3Version.V2 };
        var first = new HeaderCookieStore(null);
        H3Session<JsonObject> session = await H3Session.GetAsync<JsonObject>(first, options);
        session.Data["user"] = "ada";
        await session.SaveAsync();
        string cookie = first.SetCookieHeaders[^1].Split(';')[0];
        OpenedSealCache cache = PasswordSet.FromString(password).Find("1")!.Secret.OpenedFor(8192)!;
        cache.Count.ShouldBe(0);

        (await H3Session.GetAsync<JsonObject>(new HeaderCookieStore(cookie), options)).Data["user"]!.GetValue<string>().ShouldBe("ada");
        cache.Count.ShouldBe(1);
        (await H3Session.GetAsync<JsonObject>(new HeaderCookieStore(cookie), options)).Data["user"]!.GetValue<string>().ShouldBe("ada");
        cache.Count.ShouldBe(1);
    }

    [TestCase(0, 0)]
    [TestCase(14 * 24 * 3600, 60)]
    [TestCase(30, 60)] // expires within the clock skew: still a hit
    public void A_repeat_open_is_served_from_the_kept_entry_not_opened_and_kept_again(int ttlSeconds, int skewSeconds)
    {
        string password = UniquePassword();
        var options = new SealOptions { Password = password, Ttl = TimeSpan.FromSeconds(ttlSeconds), ClockSkew = TimeSpan.FromSeconds(skewSeconds) };
        string seal = Iron.Seal(new { user = "ada" }, options);
        OpenedSealCache cache = PasswordSet.FromString(password).Find("1")!.Secret.Opened;
        string iron = seal.Split('~')[0];

        Keep(seal, options);
        cache.TryGet(iron, out _, out _, out OpenedSealCache.Entry? first).ShouldBeTrue();
        Iron.Unseal<JsonObject>(seal, options)["user"]!.GetValue<string>().ShouldBe("ada");
        Iron.Unseal<JsonObject>(seal + "x", options)["user"]!.GetValue<string>().ShouldBe("ada"); // another token version, the same iron text

        cache.TryGet(iron, out _, out _, out OpenedSealCache.Entry? later).ShouldBeTrue();
        later.ShouldBeSameAs(first);
        first!.KeysUnique.ShouldBeTrue();
    }

    [Test]
    public void A_cached_seal_still_expires()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        string password = UniquePassword();
        var options = new SealOptions { Password = password, Ttl = TimeSpan.FromMinutes(5), ClockSkew = TimeSpan.Zero, TimeProvider = clock };
        string seal = Iron.Seal(new { a = 1 }, options);
        Keep(seal, options);

        clock.Advance(TimeSpan.FromMinutes(5));
        Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(seal, options)).Reason.ShouldBe(SealError.Expired);
    }

    [Test]
    public void A_cached_seal_of_a_removed_password_id_is_refused()
    {
        string old = UniquePassword();
        string current = UniquePassword();
        string seal = Iron.Seal(new { a = 1 }, new SealOptions { Password = new Dictionary<string, string> { ["1"] = old } });
        Keep(seal, new SealOptions { Password = new Dictionary<string, string> { ["2"] = current, ["1"] = old } });

        Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(seal, new SealOptions { Password = new Dictionary<string, string> { ["2"] = current } }))
            .Reason.ShouldBe(SealError.UnknownPasswordId);
    }

    [Test]
    public void A_cached_seal_opens_for_no_other_purpose_and_a_changed_text_is_checked_in_full()
    {
        string password = UniquePassword();
        var plain = new SealOptions { Password = password };
        string seal = Iron.Seal(new { a = 1 }, plain);
        Keep(seal, plain);

        Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(seal, plain with { Purpose = "magic-link" })).Reason.ShouldBe(SealError.BadMac);
        string[] fields = seal.Split('*');
        fields[7] = (fields[7][0] == 'A' ? "B" : "A") + fields[7][1..];
        Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(string.Join('*', fields), plain)).Reason.ShouldBe(SealError.BadMac);
        Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(seal, new SealOptions { Password = UniquePassword() })).Reason.ShouldBe(SealError.BadMac);
    }

    [Test]
    public void Only_a_verified_seal_enters_the_cache_and_large_plaintexts_stay_out()
    {
        string password = UniquePassword();
        var options = new SealOptions { Password = password };
        OpenedSealCache cache = PasswordSet.FromString(password).Find("1")!.Secret.Opened;
        string forged = HandSeal.Make(password + "-other", "1", new string('a', 64), "AAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAA", "");
        Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(forged, options));
        cache.Count.ShouldBe(0);

        Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(forged, options));
        cache.Count.ShouldBe(0);

        string large = Iron.Seal(new { blob = new string('x', OpenedSealCache.MaxPlaintextBytes) }, options);
        Iron.Unseal<JsonObject>(large, options).ShouldNotBeNull();
        Iron.Unseal<JsonObject>(large, options).ShouldNotBeNull();
        cache.Count.ShouldBe(0);
    }
}
