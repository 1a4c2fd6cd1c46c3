using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using IronSeal.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.Tests.Seal;

/// <summary>
/// The edges of each field: lengths around the buffer sizes, base64url padding, short IVs, the token version as
/// parseInt reads it, and the maximum seal length. Found by mutation testing: each test fails for a mutant that the
/// rest of the suite let through.
/// </summary>
public sealed class SealFieldEdgeTests
{
    private static readonly SealOptions s_options = new() { Password = TestPasswords.One };

    private static SealError ReasonFor(string seal) =>
        Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(seal, s_options)).Reason;

    [Test]
    public void Every_seal_is_exactly_as_long_as_its_fields_for_payloads_across_the_buffer_sizes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        foreach (TimeSpan ttl in new[] { TimeSpan.Zero, TimeSpan.FromDays(14) })
        {
            var options = new SealOptions { Password = TestPasswords.One, Ttl = ttl, TimeProvider = clock };
            foreach (int size in new[] { 0, 1, 15, 16, 300, 360, 361, 400, 496, 511, 512, 513, 2_000 })
            {
                string text = new('x', size);
                string seal = Iron.Seal(text, options);

                // "x…x" is size + 2 bytes of JSON; PKCS#7 pads to the next whole block.
                int cipherBytes = ((size + 2) / 16 + 1) * 16;
                string expiration = ttl == TimeSpan.Zero ? "" : (1_700_000_000_000 + (long)ttl.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                seal.Length.ShouldBe(206 + 1 + Base64Url.GetEncodedLength(cipherBytes) + expiration.Length + 2, $"size {size}, ttl {ttl}");
                seal.ShouldEndWith("~2");
                seal.Split('*')[5].ShouldBe(expiration);
                Iron.Unseal<string>(seal, options).ShouldBe(text);
            }
        }
    }

    [Test]
    public void A_short_iv_is_DecryptionFailed_even_when_the_missing_bytes_would_decrypt()
    {
        // The seal's IV field carries 12 bytes; the ciphertext was made with those 12 and four zeros, so only the
        // length check stands between this seal and a successful decryption.
        byte[] iv = new byte[16];
        RandomNumberGenerator.Fill(iv.AsSpan(0, 12));
        string seal = EncryptWithIv(iv, Base64Url.EncodeToString(iv.AsSpan(0, 12)));

        ReasonFor(seal).ShouldBe(SealError.DecryptionFailed);
        Iron.Unseal<JsonObject>(EncryptWithIv(iv, Base64Url.EncodeToString(iv)), s_options)["a"]!.GetValue<int>().ShouldBe(1);
    }

    [TestCase("=")]
    [TestCase("==")]
    public void Padded_iv_and_ciphertext_open_as_in_iron_webcrypto(string padding)
    {
        string[] fields = HandSeal.Encrypt(TestPasswords.One, """{"a":1}"""u8.ToArray()).Split('*');
        string seal = HandSeal.Make(TestPasswords.One, "1", fields[2], fields[3] + padding, fields[4] + padding, "") + "~2";

        Iron.Unseal<JsonObject>(seal, s_options)["a"]!.GetValue<int>().ShouldBe(1);
    }

    [Test]
    public void Three_padding_characters_are_DecryptionFailed()
    {
        string[] fields = HandSeal.Encrypt(TestPasswords.One, """{"a":1}"""u8.ToArray()).Split('*');

        ReasonFor(HandSeal.Make(TestPasswords.One, "1", fields[2], fields[3] + "===", fields[4], "")).ShouldBe(SealError.DecryptionFailed);
        ReasonFor(HandSeal.Make(TestPasswords.One, "1", fields[2], fields[3], fields[4] + "===", "")).ShouldBe(SealError.DecryptionFailed);
    }

    [Test]
    public void Base64url_of_an_impossible_length_is_DecryptionFailed_not_a_FormatException()
    {
        string[] fields = HandSeal.Encrypt(TestPasswords.One, """{"a":1}"""u8.ToArray()).Split('*');

        // 4k + 1 characters cannot be base64 (the last one would hold 6 bits); the BCL decoder throws for them.
        ReasonFor(HandSeal.Make(TestPasswords.One, "1", fields[2], fields[3][..21], fields[4], "")).ShouldBe(SealError.DecryptionFailed);
        ReasonFor(HandSeal.Make(TestPasswords.One, "1", fields[2], fields[3], fields[4][..21], "")).ShouldBe(SealError.DecryptionFailed);
    }

    [Test]
    public void Base64url_one_character_longer_than_whole_bytes_is_DecryptionFailed_not_a_FormatException()
    {
        // 22 characters hold the 16-byte IV (and a one-block ciphertext); a 23rd makes 17 bytes, which neither
        // the IV nor a whole number of AES blocks can be.
        string[] fields = HandSeal.Encrypt(TestPasswords.One, """{"a":1}"""u8.ToArray()).Split('*');

        ReasonFor(HandSeal.Make(TestPasswords.One, "1", fields[2], fields[3] + "A", fields[4], "")).ShouldBe(SealError.DecryptionFailed);
        ReasonFor(HandSeal.Make(TestPasswords.One, "1", fields[2], fields[3], fields[4] + "A", "")).ShouldBe(SealError.DecryptionFailed);
        ReasonFor(HandSeal.Make(TestPasswords.One, "1", fields[2], fields[3] + "AAAA", fields[4], "")).ShouldBe(SealError.DecryptionFailed);
    }

    [TestCase("")]
    [TestCase("AAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void A_ciphertext_that_is_empty_or_not_whole_blocks_is_refused_although_its_MAC_matches(string cipher)
    {
        string encSalt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        PasswordSet passwords = PasswordSet.FromString(TestPasswords.One);
        var options = new SealOptions { Password = passwords };
        string seal = HandSeal.Make(TestPasswords.One, "1", encSalt, "AAAAAAAAAAAAAAAAAAAAAA", cipher, "");

        Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(seal, options)).Reason.ShouldBe(SealError.DecryptionFailed);
    }

    [Test]
    public void A_seal_of_exactly_the_maximum_length_is_read_and_one_character_more_is_Malformed()
    {
        string seal = Iron.Seal(new { a = 1 }, s_options);
        string atLimit = seal + "~" + new string('x', SealFormat.MaxSealLength - seal.Length - 1);
        atLimit.Length.ShouldBe(SealFormat.MaxSealLength);

        Iron.Unseal<JsonObject>(atLimit, s_options)["a"]!.GetValue<int>().ShouldBe(1);
        ReasonFor(atLimit + "x").ShouldBe(SealError.Malformed);
    }

    // ECMAScript WhiteSpace and LineTerminator: parseInt skips them before the number.
    [TestCase("\t")]
    [TestCase("\n")]
    [TestCase("\v")]
    [TestCase("\f")]
    [TestCase("\r")]
    [TestCase(" ")]
    [TestCase("\u00A0")]
    [TestCase("\u1680")]
    [TestCase("\u2000")]
    [TestCase("\u2005")]
    [TestCase("\u200A")]
    [TestCase("\u2028")]
    [TestCase("\u2029")]
    [TestCase("\u202F")]
    [TestCase("\u205F")]
    [TestCase("\u3000")]
    [TestCase("\uFEFF")]
    [TestCase(" \t\u3000")]
    public void Whitespace_before_the_version_is_skipped_as_parseInt_skips_it(string whitespace) =>
        IsReadAsVersion2(whitespace + "2").ShouldBeTrue();

    [TestCase("\u200B2", Description = "zero width space is not whitespace")]
    [TestCase("\u00852", Description = "NEL is not an ECMAScript line terminator")]
    [TestCase("\u180E2", Description = "Mongolian vowel separator is no longer whitespace")]
    [TestCase("\u1FFF2")]
    [TestCase("\u200C2")]
    [TestCase("~2")]
    [TestCase("+-2")]
    [TestCase("-2")]
    [TestCase("20")]
    [TestCase("020")]
    [TestCase("0")]
    [TestCase("")]
    [TestCase("x2")]
    [TestCase("0x2")]
    public void Other_text_before_or_after_the_2_is_another_version(string suffix) =>
        IsReadAsVersion2(suffix).ShouldBeFalse();

    [TestCase("2")]
    [TestCase("+2")]
    [TestCase("002")]
    [TestCase("+02")]
    [TestCase("2x")]
    [TestCase("2.9")]
    [TestCase("2~3")]
    [TestCase("2 ")]
    public void A_2_with_leading_zeros_a_sign_or_trailing_text_is_version_2(string suffix) =>
        IsReadAsVersion2(suffix).ShouldBeTrue();

    /// <summary>
    /// With the legacy opt-in, version 2 returns the whole document and any other version its <c>persistent</c> member,
    /// by iron-session 8's parseInt rule. Without it every version returns the whole document.
    /// </summary>
    private static bool IsReadAsVersion2(string suffix)
    {
        string seal = HandSeal.Encrypt(TestPasswords.One, """{"persistent":{"v":1},"whole":true}"""u8.ToArray()) + "~" + suffix;
        Iron.Unseal<JsonObject>(seal, s_options).ContainsKey("whole").ShouldBeTrue();
        return Iron.Unseal<JsonObject>(seal, s_options with { LegacyPersistentLayout = true }).ContainsKey("whole");
    }

    private static string EncryptWithIv(byte[] iv, string ivField) =>
        HandSeal.Encrypt(TestPasswords.One, """{"a":1}"""u8.ToArray(), iv: iv, ivField: ivField) + "~2";
}
