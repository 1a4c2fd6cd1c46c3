using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using IronSeal.Tests.Support;

namespace IronSeal.Tests.Review;

/// <summary>
/// The findings of the 2026-12 security review that live in the core library, each a test that failed before its fix
/// (docs/security.md lists them): empty salts, a wiped key cache, fresh salts for every seal, the bound on strengthened
/// derivations, and a new h3 session id at sign-in.
/// </summary>
[NonParallelizable] // one test changes the process-wide derivation gate
public sealed class ReviewFindingsTests
{
    private static readonly SealOptions s_options = new() { Password = TestPasswords.One };

    /// <summary>A seal with both salt fields empty, keys = PBKDF2(key source, ""), correctly encrypted and MACed.</summary>
    private static string EmptySaltSeal(byte[] keySource, string json)
    {
        byte[] key = Rfc2898DeriveBytes.Pbkdf2(keySource, Array.Empty<byte>(), 1, HashAlgorithmName.SHA1, 32);
        byte[] iv = RandomNumberGenerator.GetBytes(16);
        using Aes aes = Aes.Create();
        aes.Key = key;
        string cipher = Base64Url.EncodeToString(aes.EncryptCbc(Encoding.UTF8.GetBytes(json), iv));
        string macBase = $"Fe26.2*1**{Base64Url.EncodeToString(iv)}*{cipher}*";
        string mac = Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(macBase)));
        return $"{macBase}**{mac}";
    }

    [Test]
    public void A_seal_whose_salt_fields_are_empty_is_refused_before_any_key_is_derived()
    {
        string seal = EmptySaltSeal(Encoding.UTF8.GetBytes(TestPasswords.One), """{"role":"admin"}""");

        Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(seal, s_options)).Reason.ShouldBe(SealError.MissingSalt);
    }

    [TestCase(true, false)]
    [TestCase(false, true)]
    public void A_seal_with_one_empty_salt_field_is_refused(bool emptyEncryptionSalt, bool emptyIntegritySalt)
    {
        string[] fields = Iron.Seal(new JsonObject { ["a"] = 1 }, s_options).Split('~')[0].Split('*');
        if (emptyEncryptionSalt)
        {
            fields[2] = "";
        }

        if (emptyIntegritySalt)
        {
            fields[6] = "";
        }

        Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(string.Join('*', fields), s_options)).Reason.ShouldBe(SealError.MissingSalt);
    }

    [Test]
    public void A_wiped_opened_seal_cache_is_empty_and_a_zero_key_seal_with_empty_salts_does_not_open_after_the_wipe()
    {
        PasswordEntry entry = s_options.Password.GetSealingEntry();
        OpenedSealCache cache = entry.Secret.OpenedFor(KeyDerivation.IronIterations)!;
        string seal = Iron.Seal(new JsonObject { ["a"] = 1 }, s_options);
        Iron.Unseal<JsonObject>(seal, s_options);
        Iron.Unseal<JsonObject>(seal, s_options);
        cache.Count.ShouldBeGreaterThan(0);

        // The forgery the review built: an all-zero key (what a zeroed entry would have read as) and empty salts.
        byte[] zeroKey = new byte[32];
        byte[] iv = RandomNumberGenerator.GetBytes(16);
        using Aes aes = Aes.Create();
        aes.Key = zeroKey;
        string cipher = Base64Url.EncodeToString(aes.EncryptCbc("""{"role":"admin"}"""u8, iv));
        string macBase = $"Fe26.2*1**{Base64Url.EncodeToString(iv)}*{cipher}*";
        string forged = $"{macBase}**{Base64Url.EncodeToString(HMACSHA256.HashData(zeroKey, Encoding.UTF8.GetBytes(macBase)))}";
        cache.Wipe();
        cache.Count.ShouldBe(0);
        Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(forged, s_options));
    }

    [Test]
    public void Two_seals_of_the_same_data_in_a_row_carry_different_salts()
    {
        var data = new JsonObject { ["userId"] = "42" };
        string[] first = Iron.Seal(data, s_options).Split('*');
        string[] second = Iron.Seal(data, s_options).Split('*');

        second[2].ShouldNotBe(first[2]);
        second[6].ShouldNotBe(first[6]);
        first[2].ShouldNotBe(first[6]);
    }

    [Test]
    public void Seals_from_many_threads_never_share_a_salt()
    {
        const int threads = 8;
        const int each = 500;
        var salts = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            for (int i = 0; i < each; i++)
            {
                string[] fields = Iron.Seal(new JsonObject { ["i"] = i }, s_options).Split('*');
                salts.Add(fields[2]);
                salts.Add(fields[6]);
            }
        });

        salts.Count.ShouldBe(2 * threads * each);
        salts.Distinct().Count().ShouldBe(salts.Count);
    }

    [Test]
    public async Task A_forged_h3_2_cookie_that_finds_the_derivation_gate_full_is_refused_as_busy_without_deriving()
    {
        var options = new H3SessionOptions { Name = "h3", Password = TestPasswords.One, Version = H3Version.V2 };
        string forged = HandSeal.Make(TestPasswords.Two, "1", new string('a', 64), "AAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAA", "");
        SealException? seen = null;
        options = options with { OnUnsealError = e => seen = e };

        int limit = DerivationGate.Limit;
        try
        {
            DerivationGate.Limit = 0; // every place taken
            H3Session<JsonObject> session = await H3Session.GetAsync<JsonObject>(new HeaderCookieStore($"h3={forged}"), options);
            session.IsNew.ShouldBeTrue();
            seen!.Reason.ShouldBe(SealError.Busy);
        }
        finally
        {
            DerivationGate.Limit = limit;
        }

        H3Session<JsonObject> again = await H3Session.GetAsync<JsonObject>(new HeaderCookieStore($"h3={forged}"), options);
        again.IsNew.ShouldBeTrue();
        seen!.Reason.ShouldBe(SealError.BadMac); // with a free place the same cookie is checked, and fails its MAC
    }

    [Test]
    public async Task A_genuine_h3_2_cookie_opens_while_the_gate_is_full_once_its_keys_are_cached()
    {
        var options = new H3SessionOptions { Name = "h3", Password = TestPasswords.One, Version = H3Version.V2 };
        var jar = new BrowserJar();
        var first = new HeaderCookieStore(null);
        H3Session<JsonObject> created = await H3Session.GetAsync<JsonObject>(first, options);
        created.Data["user"] = "ada";
        await created.SaveAsync();
        jar.Apply(first.SetCookieHeaders);
        (await H3Session.GetAsync<JsonObject>(new HeaderCookieStore(jar.CookieHeader), options)).Data["user"]!.GetValue<string>().ShouldBe("ada");

        int limit = DerivationGate.Limit;
        try
        {
            DerivationGate.Limit = 0;
            H3Session<JsonObject> read = await H3Session.GetAsync<JsonObject>(new HeaderCookieStore(jar.CookieHeader), options);
            read.Data["user"]!.GetValue<string>().ShouldBe("ada");
        }
        finally
        {
            DerivationGate.Limit = limit;
        }
    }

    [Test]
    public void The_default_limit_is_half_the_cores_and_at_least_one()
    {
        // The documented default (docs/nuxt.md): a flood of forged h3 2.x cookies takes at most half the cores.
        DerivationGate.Limit.ShouldBe(Environment.ProcessorCount / 2 >= 1 ? Environment.ProcessorCount / 2 : 1);
    }

    [Test]
    public void The_gate_admits_up_to_its_limit_and_no_more()
    {
        int limit = DerivationGate.Limit;
        try
        {
            DerivationGate.Limit = 2;
            DerivationGate.TryEnter().ShouldBeTrue();
            DerivationGate.TryEnter().ShouldBeTrue();
            DerivationGate.TryEnter().ShouldBeFalse();
            DerivationGate.Exit();
            DerivationGate.TryEnter().ShouldBeTrue();
            DerivationGate.Exit();
            DerivationGate.Exit();
        }
        finally
        {
            DerivationGate.Limit = limit;
        }
    }

    [TestCase(H3Version.V1)]
    [TestCase(H3Version.V2)]
    public async Task An_h3_sign_in_with_RegenerateId_gets_a_new_id_and_keeps_the_data(H3Version version)
    {
        var options = new H3SessionOptions { Name = "h3", Password = TestPasswords.One, Version = version };
        var jar = new BrowserJar();
        var guest = new HeaderCookieStore(null);
        H3Session<JsonObject> planted = await H3Session.GetAsync<JsonObject>(guest, options);
        planted.Data["cart"] = "3 apples";
        await planted.SaveAsync();
        jar.Apply(guest.SetCookieHeaders);
        string plantedId = planted.Id;

        var signIn = new HeaderCookieStore(jar.CookieHeader);
        H3Session<JsonObject> session = await H3Session.GetAsync<JsonObject>(signIn, options);
        session.Id.ShouldBe(plantedId);
        session.RegenerateId();
        session.Data["user"] = "ada";
        await session.SaveAsync();
        jar.Apply(signIn.SetCookieHeaders);

        H3Session<JsonObject> after = await H3Session.GetAsync<JsonObject>(new HeaderCookieStore(jar.CookieHeader), options);
        after.Id.ShouldNotBe(plantedId);
        after.Id.ShouldBe(session.Id);
        Guid.TryParse(after.Id, out _).ShouldBeTrue();
        after.Data["user"]!.GetValue<string>().ShouldBe("ada");
        after.Data["cart"]!.GetValue<string>().ShouldBe("3 apples");
    }
}
