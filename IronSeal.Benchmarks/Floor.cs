using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace IronSeal.Benchmarks;

/// <summary>
/// The floor: one seal and one unseal written as the plain sum of one-shot BCL primitives on already-serialized JSON
/// (PBKDF2 ×2, AES-256-CBC, HMAC-SHA256, random bytes), as a straightforward port of iron would call them. No JSON,
/// no validation beyond the MAC: what IronSeal's whole Seal/Unseal must beat.
/// </summary>
public static class Floor
{
    public static string Seal(byte[] json, string password, long expiration)
    {
        byte[] secret = Encoding.UTF8.GetBytes(password);
        byte[] encSalt = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        byte[] iv = RandomNumberGenerator.GetBytes(16);
        byte[] encKey = Rfc2898DeriveBytes.Pbkdf2(secret, encSalt, 1, HashAlgorithmName.SHA1, 32);
        using Aes aes = Aes.Create();
        aes.Key = encKey;
        byte[] cipher = aes.EncryptCbc(json, iv);
        string macBase = $"Fe26.2*1*{Encoding.ASCII.GetString(encSalt)}*{Base64Url.EncodeToString(iv)}*{Base64Url.EncodeToString(cipher)}*{expiration}";
        string macSalt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        byte[] macKey = Rfc2898DeriveBytes.Pbkdf2(secret, Encoding.ASCII.GetBytes(macSalt), 1, HashAlgorithmName.SHA1, 32);
        byte[] mac = HMACSHA256.HashData(macKey, Encoding.ASCII.GetBytes(macBase));
        return $"{macBase}*{macSalt}*{Base64Url.EncodeToString(mac)}~2";
    }

    public static byte[] Unseal(string seal, string password)
    {
        string[] parts = seal.Split('~')[0].Split('*');
        byte[] secret = Encoding.UTF8.GetBytes(password);
        byte[] macKey = Rfc2898DeriveBytes.Pbkdf2(secret, Encoding.ASCII.GetBytes(parts[6]), 1, HashAlgorithmName.SHA1, 32);
        byte[] mac = HMACSHA256.HashData(macKey, Encoding.ASCII.GetBytes(string.Join('*', parts, 0, 6)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Base64Url.EncodeToString(mac)), Encoding.ASCII.GetBytes(parts[7])))
        {
            throw new CryptographicException("Bad hmac value");
        }

        byte[] encKey = Rfc2898DeriveBytes.Pbkdf2(secret, Encoding.ASCII.GetBytes(parts[2]), 1, HashAlgorithmName.SHA1, 32);
        using Aes aes = Aes.Create();
        aes.Key = encKey;
        return aes.DecryptCbc(Base64Url.DecodeFromChars(parts[4]), Base64Url.DecodeFromChars(parts[3]));
    }
}
