using System.Security.Cryptography;
using System.Text;

namespace IronSeal.Tests.Crypto;

/// <summary>
/// A thread keeps an HMAC keyed for the integrity salts of seals it verified: noted on a salt's first genuine seal,
/// keyed on its second, never for a forged one; what it computes opens exactly the genuine seals.
/// </summary>
public sealed class IntegrityMacsTests
{
    private static readonly byte[] s_json = Encoding.UTF8.GetBytes("""{"user":"ada","visits":3}""");

    /// <summary>A password of its own, so that no other test shares its caches.</summary>
    private static (SealOptions Options, PasswordEntry Entry) NewPassword()
    {
        PasswordSet set = PasswordSet.FromDictionary(new() { ["1"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)) });
        return (new SealOptions { Password = set }, set.Find("1")!);
    }

    /// <summary>Seals on this thread's reused salts (whatever <c>IronSeal.FreshSaltPerSeal</c> says), all different by their IV.</summary>
    private static string Reused(PasswordEntry entry) =>
        SealCodec.Seal(s_json, entry, 0, true, KeyDerivation.IronIterations, entry.Secret.SealingFor(KeyDerivation.IronIterations));

    private static string IntegritySalt(string seal) => seal.Split('~')[0].Split('*')[6];

    private static IntegrityMacs Macs(PasswordEntry entry) => entry.Secret.KeysFor(KeyDerivation.IronIterations)!.Macs;

    /// <summary>The kept HMAC for <paramref name="salt"/> (null while only noted), and whether the salt is known at all.</summary>
    private static IncrementalHash? Find(IntegrityMacs macs, string salt, out bool noted)
    {
        IntegrityMacs.Entry? known = macs.Find(salt);
        noted = known is not null;
        return known?.Hmac;
    }

    private static Dictionary<string, object> Open(string seal, SealOptions options) => Iron.Unseal<Dictionary<string, object>>(seal, options);

    /// <summary>The seal with one character of its MAC changed.</summary>
    private static string Forged(string seal)
    {
        int last = seal.IndexOf('~') - 1;
        return string.Concat(seal.AsSpan(0, last), seal[last] == 'A' ? "B" : "A", seal.AsSpan(last + 1));
    }

    [Test]
    public void A_salt_is_noted_on_its_first_verified_seal_and_keyed_on_its_second_which_later_seals_reuse()
    {
        (SealOptions options, PasswordEntry entry) = NewPassword();
        string[] seals = [Reused(entry), Reused(entry), Reused(entry)];
        string salt = IntegritySalt(seals[0]);
        seals.Select(IntegritySalt).Distinct().Count().ShouldBe(1);
        Find(Macs(entry), salt, out bool noted).ShouldBeNull();
        noted.ShouldBeFalse();

        Open(seals[0], options)["user"].ToString().ShouldBe("ada");
        Find(Macs(entry), salt, out noted).ShouldBeNull();
        noted.ShouldBeTrue();

        Open(seals[1], options)["user"].ToString().ShouldBe("ada");
        IncrementalHash? keyed = Find(Macs(entry), salt, out noted);
        keyed.ShouldNotBeNull();
        noted.ShouldBeTrue();

        Open(seals[2], options)["visits"].ToString().ShouldBe("3");
        Find(Macs(entry), salt, out _).ShouldBeSameAs(keyed);
        Macs(entry).Count.ShouldBe(1);
    }

    [Test]
    public void A_forged_seal_is_refused_and_leaves_no_salt_and_no_keyed_HMAC_at_any_stage()
    {
        (SealOptions options, PasswordEntry entry) = NewPassword();
        string[] seals = [Reused(entry), Reused(entry), Reused(entry)];
        string salt = IntegritySalt(seals[0]);

        // Unknown salt: the forgery is not noted.
        Should.Throw<SealException>(() => Open(Forged(seals[0]), options)).Reason.ShouldBe(SealError.BadMac);
        Find(Macs(entry), salt, out bool noted).ShouldBeNull();
        noted.ShouldBeFalse();
        Macs(entry).Count.ShouldBe(0);

        // Noted salt: the forgery does not get it keyed.
        Open(seals[0], options);
        Should.Throw<SealException>(() => Open(Forged(seals[1]), options)).Reason.ShouldBe(SealError.BadMac);
        Find(Macs(entry), salt, out noted).ShouldBeNull();
        noted.ShouldBeTrue();

        // Keyed salt: the forgery is refused by the kept HMAC, which stays and still opens the genuine seal.
        Open(seals[1], options);
        IncrementalHash? keyed = Find(Macs(entry), salt, out _);
        keyed.ShouldNotBeNull();
        Should.Throw<SealException>(() => Open(Forged(seals[2]), options)).Reason.ShouldBe(SealError.BadMac);
        Find(Macs(entry), salt, out _).ShouldBeSameAs(keyed);
        Open(seals[2], options)["user"].ToString().ShouldBe("ada");
    }

    [Test]
    public void What_the_kept_HMAC_computes_is_the_MAC_iron_defines_for_the_salt()
    {
        (SealOptions options, PasswordEntry entry) = NewPassword();
        string first = Reused(entry);
        Open(first, options);
        Open(Reused(entry), options);
        string salt = IntegritySalt(first);
        byte[] input = Encoding.ASCII.GetBytes(string.Join('*', first.Split('~')[0].Split('*')[..6]));
        byte[] key = Rfc2898DeriveBytes.Pbkdf2(entry.Secret.Utf8.ToArray(), Encoding.ASCII.GetBytes(salt), 1, HashAlgorithmName.SHA1, 32);

        IncrementalHash keyed = Find(Macs(entry), salt, out _)!;
        keyed.AppendData(input);

        keyed.GetHashAndReset().ShouldBe(HMACSHA256.HashData(key, input));
        Base64UrlMac(keyed, input).ShouldBe(first.Split('~')[0].Split('*')[7]);
    }

    private static string Base64UrlMac(IncrementalHash keyed, byte[] input)
    {
        keyed.AppendData(input);
        return System.Buffers.Text.Base64Url.EncodeToString(keyed.GetHashAndReset());
    }

    [Test]
    public void The_table_belongs_to_the_thread_that_verified()
    {
        (SealOptions options, PasswordEntry entry) = NewPassword();
        string[] seals = [Reused(entry), Reused(entry), Reused(entry)];
        Open(seals[0], options);
        Open(seals[1], options);
        string salt = IntegritySalt(seals[0]);

        bool notedElsewhere = true;
        IncrementalHash? keyedElsewhere = null;
        var other = new Thread(() => keyedElsewhere = Find(Macs(entry), salt, out notedElsewhere));
        other.Start();
        other.Join();

        notedElsewhere.ShouldBeFalse();
        keyedElsewhere.ShouldBeNull();
        Find(Macs(entry), salt, out _).ShouldNotBeNull();
    }

    [Test]
    public void A_replaced_HMAC_is_disposed_and_a_salt_that_is_not_short_ASCII_is_not_kept()
    {
        var macs = new IntegrityMacs();
        var first = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, new byte[32]);
        var second = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, new byte[32]);
        macs.Add("ab12", first);
        macs.Add("ab12", second);

        Should.Throw<ObjectDisposedException>(() => first.AppendData([1]));
        Find(macs, "ab12", out _).ShouldBeSameAs(second);

        var accented = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, new byte[32]);
        var tooLong = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, new byte[32]);
        macs.Add("sälz", accented);
        macs.Add(new string('a', 256), tooLong);

        Should.Throw<ObjectDisposedException>(() => accented.AppendData([1]));
        Should.Throw<ObjectDisposedException>(() => tooLong.AppendData([1]));
        Find(macs, "sälz", out bool noted).ShouldBeNull();
        noted.ShouldBeFalse();
        macs.Count.ShouldBe(1);
        macs.Add(new string('a', 255), null);
        Find(macs, new string('a', 255), out noted).ShouldBeNull();
        noted.ShouldBeTrue();
    }
}
