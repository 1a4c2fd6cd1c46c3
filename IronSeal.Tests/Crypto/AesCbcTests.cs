using System.Security.Cryptography;

namespace IronSeal.Tests.Crypto;

/// <summary>IronSeal's AES-256-CBC gives what the BCL gives, and refuses exactly what the BCL refuses, with nothing written.</summary>
public sealed class AesCbcTests
{
    [Test]
    public void Encryption_and_decryption_equal_the_bcl_for_random_inputs()
    {
        var random = new Random(197);
        using Aes bcl = Aes.Create();
        byte[] ours = new byte[300];
        byte[] back = new byte[300];
        for (int i = 0; i < 2_000; i++)
        {
            byte[] key = RandomNumberGenerator.GetBytes(32);
            byte[] iv = RandomNumberGenerator.GetBytes(16);
            byte[] plain = RandomNumberGenerator.GetBytes(random.Next(0, 260));
            bcl.Key = key;
            byte[] expected = bcl.EncryptCbc(plain, iv);

            int length = AesCbc.Encrypt(key, iv, plain, ours);

            length.ShouldBe(AesCbc.CipherLength(plain.Length));
            ours.AsSpan(0, length).ToArray().ShouldBe(expected);
            AesCbc.TryDecrypt(key, iv, expected, back, out int written).ShouldBeTrue();
            back.AsSpan(0, written).ToArray().ShouldBe(plain);
        }
    }

    [Test]
    public void Ciphertexts_with_bad_padding_or_not_whole_blocks_are_refused_as_the_bcl_refuses_them()
    {
        var random = new Random(5);
        using Aes bcl = Aes.Create();
        byte[] output = new byte[64];
        int refused = 0;
        for (int i = 0; i < 2_000; i++)
        {
            byte[] key = RandomNumberGenerator.GetBytes(32);
            byte[] iv = RandomNumberGenerator.GetBytes(16);
            byte[] cipher = RandomNumberGenerator.GetBytes(16 * random.Next(1, 4));
            bcl.Key = key;
            bool bclOpens;
            try
            {
                bcl.DecryptCbc(cipher, iv);
                bclOpens = true;
            }
            catch (CryptographicException)
            {
                bclOpens = false;
            }

            AesCbc.TryDecrypt(key, iv, cipher, output, out _).ShouldBe(bclOpens);
            refused += bclOpens ? 0 : 1;
        }

        refused.ShouldBeGreaterThan(1_500);
        AesCbc.TryDecrypt(new byte[32], new byte[16], new byte[15], output, out _).ShouldBeFalse();
        AesCbc.TryDecrypt(new byte[32], new byte[16], [], output, out _).ShouldBeFalse();
    }

    [Test]
    public void Bad_padding_is_refused_with_nothing_written()
    {
        byte[] key = RandomNumberGenerator.GetBytes(32);
        byte[] iv = new byte[16];
        byte[] cipher = new byte[32];
        byte[] plain = new byte[32];
        using (Aes aes = Aes.Create())
        {
            aes.Key = key;

            // Two blocks whose plaintext ends in 0x11: a pad length over 16.
            byte[] bad = new byte[32];
            bad.AsSpan().Fill(0x11);
            aes.EncryptCbc(bad, iv, cipher, PaddingMode.None);
        }

        AesCbc.TryDecrypt(key, iv, cipher, plain, out int written).ShouldBeFalse();
        written.ShouldBe(0);
    }
}
