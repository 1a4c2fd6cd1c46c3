using System.Buffers.Text;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace IronSeal.Tests.Crypto;

/// <summary>
/// A thread's sealing salts are reused for a bounded number of seals and a bounded time; every seal keeps its own IV,
/// and what is written is exactly what iron derives from the salts the seal names.
/// </summary>
public sealed class SealingKeysTests
{
    private static readonly byte[] s_json = Encoding.UTF8.GetBytes("""{"user":"ada","visits":3}""");

    private static string[] Fields(string seal) => seal.Split('~')[0].Split('*');

    private static (PasswordSet Set, PasswordEntry Entry) Password(string secret)
    {
        PasswordSet set = PasswordSet.FromDictionary(new() { ["1"] = secret });
        return (set, set.Find("1")!);
    }

    /// <summary>A seal on this thread's reused keys, whatever the switch says.</summary>
    private static string Reused(PasswordEntry entry, int iterations) =>
        SealCodec.Seal(s_json, entry, 0, true, iterations, entry.Secret.SealingFor(iterations));

    private static byte[] Pbkdf2(string password, string salt) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Encoding.ASCII.GetBytes(salt), 1, HashAlgorithmName.SHA1, 32);

    /// <summary>True in .ci/run's second run, which sets the switch through the project file.</summary>
    private static bool SwitchBuiltIn => typeof(SealingKeysTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Any(a => a.Key == "IronSealFreshSaltPerSeal" && a.Value == "true");

    [Test]
    public void The_switch_is_read_from_the_runtime_configuration()
    {
        SealingKeys.FreshSaltPerSeal.ShouldBe(SwitchBuiltIn);
        AppContext.TryGetSwitch(SealingKeys.FreshSaltPerSealSwitch, out bool on).ShouldBe(SwitchBuiltIn);
        on.ShouldBe(SwitchBuiltIn);
    }

    [Test]
    public void Seals_in_a_row_share_their_salts_unless_the_switch_is_set_never_their_IV_and_all_open()
    {
        var options = new SealOptions { Password = TestPasswords.One };
        string[] seals = [.. Enumerable.Range(0, 50).Select(i => Iron.Seal(new Dictionary<string, int> { ["n"] = i }, options))];

        int encryptionSalts = seals.Select(s => Fields(s)[2]).Distinct().Count();
        int integritySalts = seals.Select(s => Fields(s)[6]).Distinct().Count();
        if (SwitchBuiltIn)
        {
            encryptionSalts.ShouldBe(seals.Length);
            integritySalts.ShouldBe(seals.Length);
        }
        else
        {
            encryptionSalts.ShouldBeLessThanOrEqualTo(2); // at most one renewal mid-run
            integritySalts.ShouldBeLessThanOrEqualTo(2);
        }

        seals.Select(s => Fields(s)[3]).Distinct().Count().ShouldBe(seals.Length);
        for (int i = 0; i < seals.Length; i++)
        {
            Iron.Unseal<Dictionary<string, int>>(seals[i], options)["n"].ShouldBe(i);
        }
    }

    [Test]
    public void A_reused_seal_is_what_iron_derives_from_the_salts_it_names()
    {
        PasswordEntry entry = Password(TestPasswords.One).Entry;
        SealingKeys keys = entry.Secret.SealingFor(KeyDerivation.IronIterations)!;

        string seal = SealCodec.Seal(s_json, entry, 0, true, KeyDerivation.IronIterations, keys);

        string[] f = Fields(seal);
        f[2].ShouldBe(Encoding.ASCII.GetString(keys.EncryptionSalt));
        f[6].ShouldBe(Encoding.ASCII.GetString(keys.IntegritySalt));
        keys.EncryptionKey.ToArray().ShouldBe(Pbkdf2(TestPasswords.One, f[2]));

        using Aes aes = Aes.Create();
        aes.Key = Pbkdf2(TestPasswords.One, f[2]);
        aes.DecryptCbc(Base64Url.DecodeFromChars(f[4]), Base64Url.DecodeFromChars(f[3])).ShouldBe(s_json);
        string macInput = string.Join('*', f[..6]);
        byte[] mac = HMACSHA256.HashData(Pbkdf2(TestPasswords.One, f[6]), Encoding.ASCII.GetBytes(macInput));
        f[7].ShouldBe(Base64Url.EncodeToString(mac));
    }

    [Test]
    public void A_salt_pair_serves_at_most_MaxSeals_seals()
    {
        PasswordEntry entry = Password(TestPasswords.One).Entry;
        var keys = new SealingKeys();
        const long now = 1_000_000;

        keys.Take(entry, KeyDerivation.IronIterations, now);
        string first = Encoding.ASCII.GetString(keys.EncryptionSalt);
        string firstIntegrity = Encoding.ASCII.GetString(keys.IntegritySalt);
        for (int i = 1; i < SealingKeys.MaxSeals; i++)
        {
            keys.Take(entry, KeyDerivation.IronIterations, now);
        }

        Encoding.ASCII.GetString(keys.EncryptionSalt).ShouldBe(first);
        keys.Take(entry, KeyDerivation.IronIterations, now);
        Encoding.ASCII.GetString(keys.EncryptionSalt).ShouldNotBe(first);
        Encoding.ASCII.GetString(keys.IntegritySalt).ShouldNotBe(firstIntegrity);
        keys.EncryptionKey.ToArray().ShouldBe(Pbkdf2(TestPasswords.One, Encoding.ASCII.GetString(keys.EncryptionSalt)));
    }

    [Test]
    public void A_salt_pair_serves_at_most_MaxAgeMilliseconds()
    {
        PasswordEntry entry = Password(TestPasswords.One).Entry;
        var keys = new SealingKeys();
        const long start = 5_000;

        keys.Take(entry, KeyDerivation.IronIterations, start);
        string first = Encoding.ASCII.GetString(keys.EncryptionSalt);
        keys.Take(entry, KeyDerivation.IronIterations, start + SealingKeys.MaxAgeMilliseconds - 1);
        Encoding.ASCII.GetString(keys.EncryptionSalt).ShouldBe(first);
        keys.Take(entry, KeyDerivation.IronIterations, start + SealingKeys.MaxAgeMilliseconds);
        Encoding.ASCII.GetString(keys.EncryptionSalt).ShouldNotBe(first);
    }

    [Test]
    public void Encryption_uses_the_current_key_after_every_renewal()
    {
        PasswordEntry entry = Password(TestPasswords.One).Entry;
        var keys = new SealingKeys();
        byte[] iv = RandomNumberGenerator.GetBytes(16);
        byte[] cipher = new byte[AesCbc.CipherLength(s_json.Length)];
        using Aes aes = Aes.Create();
        var seen = new HashSet<string>();

        for (long now = 0; now < 4 * SealingKeys.MaxAgeMilliseconds; now += SealingKeys.MaxAgeMilliseconds)
        {
            keys.Take(entry, KeyDerivation.IronIterations, now);
            seen.Add(Convert.ToHexString(keys.EncryptionKey)).ShouldBeTrue();

            keys.Encrypt(iv, s_json, cipher).ShouldBe(cipher.Length);

            aes.Key = keys.EncryptionKey.ToArray();
            cipher.ShouldBe(aes.EncryptCbc(s_json, iv));
        }
    }

    [Test]
    public void A_MAC_before_any_salt_pair_was_taken_is_refused()
    {
        var keys = new SealingKeys();
        byte[] mac = new byte[32];
        Should.Throw<InvalidOperationException>(() => keys.Mac("x"u8, mac)).Message.ShouldBe("Take must come before Mac.");
    }

    [Test]
    public void The_encryption_and_integrity_salts_differ()
    {
        PasswordEntry entry = Password(TestPasswords.One).Entry;
        var keys = new SealingKeys();
        keys.Take(entry, KeyDerivation.IronIterations, 0);

        keys.EncryptionSalt.SequenceEqual(keys.IntegritySalt).ShouldBeFalse();
        Encoding.ASCII.GetString(keys.EncryptionSalt).ShouldMatch("^[0-9a-f]{64}$");
        Encoding.ASCII.GetString(keys.IntegritySalt).ShouldMatch("^[0-9a-f]{64}$");
    }

    [Test]
    public void Without_reused_keys_every_seal_has_its_own_salts()
    {
        (PasswordSet passwords, PasswordEntry entry) = Password(TestPasswords.One);
        string[] seals = [.. Enumerable.Range(0, 20).Select(_ => SealCodec.Seal(s_json, entry, 0, true, KeyDerivation.IronIterations, reused: null))];

        seals.Select(s => Fields(s)[2]).Distinct().Count().ShouldBe(seals.Length);
        seals.Select(s => Fields(s)[6]).Distinct().Count().ShouldBe(seals.Length);
        foreach (string seal in seals)
        {
            SealCodec.TryOpen(seal, passwords, 0, 0, out Plaintext plain).ShouldBeNull();
            using (plain)
            {
                plain.Bytes.ToArray().ShouldBe(s_json);
            }
        }
    }

    [Test]
    public void Passwords_round_counts_and_threads_each_have_their_own_salts()
    {
        PasswordEntry one = Password(TestPasswords.One).Entry;
        PasswordEntry two = Password(TestPasswords.Two).Entry;

        string a = Fields(Reused(one, KeyDerivation.IronIterations))[2];
        string b = Fields(Reused(two, KeyDerivation.IronIterations))[2];
        string strengthened = Fields(Reused(one, 8192))[2];
        string otherThread = Task.Factory.StartNew(
            () => Fields(Reused(one, KeyDerivation.IronIterations))[2], CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Result;

        new[] { a, b, strengthened, otherThread }.Distinct().Count().ShouldBe(4);
        one.Secret.SealingFor(KeyDerivation.IronIterations).ShouldNotBeSameAs(one.Secret.SealingFor(8192));
    }

    [Test]
    public void A_seal_made_with_8192_rounds_opens_only_with_8192_rounds()
    {
        (PasswordSet passwords, PasswordEntry entry) = Password(TestPasswords.One);
        string seal = Reused(entry, 8192);
        string again = Reused(entry, 8192);

        Fields(again)[2].ShouldBe(Fields(seal)[2]);
        SealCodec.TryOpen(seal, passwords, 0, 0, 8192, out Plaintext plain).ShouldBeNull();
        plain.Dispose();
        SealCodec.TryOpen(again, passwords, 0, 0, KeyDerivation.IronIterations, out _).ShouldBe(SealError.BadMac);
    }

    [Test]
    public void Sets_sharing_a_password_text_share_its_salts_but_each_seal_names_its_own_id_and_purpose_keys_stay_apart()
    {
        PasswordSet rotated = TestPasswords.Rotated; // seals with "2" (Two)
        PasswordSet one = new Dictionary<string, string> { ["1"] = TestPasswords.One };
        PasswordSet sameTextOtherId = new Dictionary<string, string> { ["7"] = TestPasswords.One };
        for (int i = 0; i < 20; i++)
        {
            string a = Iron.Seal(new { i }, new SealOptions { Password = one });
            string b = Iron.Seal(new { i }, new SealOptions { Password = rotated });
            string c = Iron.Seal(new { i }, new SealOptions { Password = sameTextOtherId });
            string p = Iron.Seal(new { i }, new SealOptions { Password = one, Purpose = "magic-link" });

            (Fields(a)[1], Fields(b)[1], Fields(c)[1], Fields(p)[1]).ShouldBe(("1", "2", "7", "1"));
            Fields(b)[2].ShouldNotBe(Fields(a)[2]);
            Fields(p)[2].ShouldNotBe(Fields(a)[2]);
            Iron.Unseal<Dictionary<string, int>>(a, new SealOptions { Password = rotated })["i"].ShouldBe(i);
            Iron.Unseal<Dictionary<string, int>>(b, new SealOptions { Password = rotated })["i"].ShouldBe(i);
            Iron.Unseal<Dictionary<string, int>>(c, new SealOptions { Password = sameTextOtherId })["i"].ShouldBe(i);
            Iron.Unseal<Dictionary<string, int>>(p, new SealOptions { Password = one, Purpose = "magic-link" })["i"].ShouldBe(i);
            Should.Throw<SealException>(() => Iron.Unseal<Dictionary<string, int>>(p, new SealOptions { Password = one })).Reason.ShouldBe(SealError.BadMac);
            Should.Throw<SealException>(() => Iron.Unseal<Dictionary<string, int>>(b, new SealOptions { Password = new Dictionary<string, string> { ["2"] = TestPasswords.One } }))
                .Reason.ShouldBe(SealError.BadMac);
        }
    }
}
