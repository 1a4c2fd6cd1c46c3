using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace IronSeal.Tests.Support;

/// <summary>
/// Builds seals field by field with a correct MAC, to reach the checks that come after the MAC (an honest password
/// holder writing odd content). Written from the spec with BCL primitives, independent of the library's code.
/// </summary>
internal static class HandSeal
{
    public static string Make(string password, string id, string encSalt, string iv, string cipher, string expiration, string macSalt = "")
    {
        if (macSalt.Length == 0)
        {
            macSalt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        }

        string macBase = $"Fe26.2*{id}*{encSalt}*{iv}*{cipher}*{expiration}";
        byte[] key = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(macSalt), 1, HashAlgorithmName.SHA1, 32);
        string mac = Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(macBase)));
        return $"{macBase}*{macSalt}*{mac}";
    }

    /// <summary>
    /// Encrypts <paramref name="plaintext"/> properly and MACs the result: a valid seal around any bytes. The IV is
    /// random unless given; <paramref name="ivField"/> replaces the text written for it (to write a wrong one).
    /// </summary>
    public static string Encrypt(string password, byte[] plaintext, string id = "1", string expiration = "", byte[]? iv = null, string? ivField = null)
    {
        string encSalt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        iv ??= RandomNumberGenerator.GetBytes(16);
        byte[] key = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(encSalt), 1, HashAlgorithmName.SHA1, 32);
        using Aes aes = Aes.Create();
        aes.Key = key;
        byte[] cipher = aes.EncryptCbc(plaintext, iv);
        return Make(password, id, encSalt, ivField ?? Base64Url.EncodeToString(iv), Base64Url.EncodeToString(cipher), expiration);
    }
}
