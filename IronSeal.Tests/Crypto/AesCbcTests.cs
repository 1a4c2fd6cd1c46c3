using System.Security.Cryptography;

namespace IronSeal.Tests.Crypto;

/// <summary>The AES-NI path of AES-256-CBC gives exactly what the BCL gives, for random keys, IVs and lengths.</summary>
public sealed class AesCbcTests
{
    [Test]
    public void Encryption_and_decryption_equal_the_bcl_for_random_inputs()
    {
        if (!System.Runtime.Intrinsics.X86.Aes.IsSupported)
        {
            Assert.Ignore("No AES-NI on this CPU: the BCL path is used, which needs no comparison with itself.");
        }

        var random = new Random(197);
        using Aes bcl = Aes.Create();
        byte[] ours = new byte[300];
        byte[] back = new byte[300];
        for (int i = 0; i < 5_000; i++)
        {
            byte[] key = RandomNumberGenerator.GetBytes(32);
            byte[] iv = RandomNumberGenerator.GetBytes(16);
            byte[] plain = RandomNumberGenerator.GetBytes(random.Next(0, 260));
            bcl.Key = key;
            byte[] expected = bcl.EncryptCbc(plain, iv);

            int length = AesCbc.EncryptHardware(key, iv, plain, ours);

            ours.AsSpan(0, length).ToArray().ShouldBe(expected);
            AesCbc.DecryptHardware(key, iv, expected, back, out int written).ShouldBeTrue();
            back.AsSpan(0, written).ToArray().ShouldBe(plain);
        }
    }

    [Test]
    public void Bad_padding_fails_where_the_bcl_throws()
    {
        var random = new Random(7);
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
    public void The_portable_path_for_cpus_without_aes_ni_writes_and_reads_the_same_bytes()
    {
        var random = new Random(11);
        for (int i = 0; i < 500; i++)
        {
            byte[] key = RandomNumberGenerator.GetBytes(32);
            byte[] iv = RandomNumberGenerator.GetBytes(16);
            byte[] plain = RandomNumberGenerator.GetBytes(random.Next(0, 100));
            byte[] hardware = new byte[AesCbc.CipherLength(plain.Length)];
            byte[] portable = new byte[hardware.Length];

            AesCbc.EncryptHardware(key, iv, plain, hardware).ShouldBe(hardware.Length);
            AesCbc.EncryptPortable(key, iv, plain, portable).ShouldBe(portable.Length);
            portable.ShouldBe(hardware);

            byte[] back = new byte[portable.Length];
            AesCbc.TryDecryptPortable(key, iv, portable, back, out int written).ShouldBeTrue();
            back.AsSpan(0, written).ToArray().ShouldBe(plain);
        }
    }

    [Test]
    public void Both_paths_refuse_bad_padding_and_report_nothing_written()
    {
        byte[] key = RandomNumberGenerator.GetBytes(32);
        byte[] iv = new byte[16];
        byte[] cipher = new byte[32];
        byte[] plain = new byte[32];
        using (Aes aes = Aes.Create())
        {
            aes.Key = key;

            // Two blocks whose plaintext ends in 0x11: a pad length over 16, refused by both paths.
            byte[] bad = new byte[32];
            bad.AsSpan().Fill(0x11);
            aes.EncryptCbc(bad, iv, cipher, PaddingMode.None);
        }

        AesCbc.DecryptHardware(key, iv, cipher, plain, out int hardwareWritten).ShouldBeFalse();
        hardwareWritten.ShouldBe(0);
        AesCbc.TryDecryptPortable(key, iv, cipher, plain, out int portableWritten).ShouldBeFalse();
        portableWritten.ShouldBe(0);
    }
}
