using System.Security.Cryptography;

namespace IronSeal.Tests.Seal;

/// <summary>The AES-NI path of AES-256-CBC gives exactly what the BCL gives, for random keys, IVs and lengths.</summary>
public sealed class AesCbcTests
{
    [Test]
    public void This_machine_has_aes_ni_so_the_hardware_path_is_the_one_in_use() =>
        AesCbc.IsHardwareAccelerated.ShouldBe(System.Runtime.Intrinsics.X86.Aes.IsSupported);

    [Test]
    public void Encryption_and_decryption_equal_the_bcl_for_random_inputs()
    {
        if (!AesCbc.IsHardwareAccelerated)
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
}
