using System.Buffers.Binary;
using System.Security.Cryptography;

namespace IronSeal;

/// <summary>
/// Iron's key derivation, PBKDF2-HMAC-SHA1 with one iteration and 32 output bytes, written out as its two HMAC
/// blocks: T1 = HMAC(P, S || 1) and the first 12 bytes of T2 = HMAC(P, S || 2). The HMAC is keyed with the password
/// once per thread and reused, which saves the key set-up that every one-shot PBKDF2 call repeats. Tests check it
/// against <see cref="Rfc2898DeriveBytes.Pbkdf2(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, int, HashAlgorithmName)"/>.
/// </summary>
internal static class KeyDerivation
{
    /// <summary>The bytes of a derived key: an AES-256 key or an HMAC-SHA256 key.</summary>
    public const int KeyBytes = 32;

    /// <summary>Iron's iteration count (iron-session, @hapi/iron, iron-webcrypto, h3 1.x).</summary>
    public const int IronIterations = 1;

    private const int Sha1Bytes = 20;

    /// <summary>
    /// Derives a key with <paramref name="iterations"/> PBKDF2 rounds: iron's one round on the fast path above, any
    /// other count (h3 2.x seals with 8192) through the platform's PBKDF2. The seal text does not say which was used.
    /// </summary>
    public static void DeriveKey(PasswordEntry password, ReadOnlySpan<byte> salt, Span<byte> key, int iterations)
    {
        if (iterations == IronIterations)
        {
            DeriveKey(password, salt, key);
        }
        else
        {
            Rfc2898DeriveBytes.Pbkdf2(password.SecretUtf8, salt, key[..KeyBytes], iterations, HashAlgorithmName.SHA1);
        }
    }

    public static void DeriveKey(PasswordEntry password, ReadOnlySpan<byte> salt, Span<byte> key)
    {
        IncrementalHash hmac = password.Hmac;
        Span<byte> block = stackalloc byte[Sha1Bytes];
        Span<byte> index = stackalloc byte[4];
        try
        {
            BinaryPrimitives.WriteInt32BigEndian(index, 1);
            hmac.AppendData(salt);
            hmac.AppendData(index);
            hmac.GetHashAndReset(block);
            block.CopyTo(key);

            BinaryPrimitives.WriteInt32BigEndian(index, 2);
            hmac.AppendData(salt);
            hmac.AppendData(index);
            hmac.GetHashAndReset(block);
            block[..(KeyBytes - Sha1Bytes)].CopyTo(key[Sha1Bytes..]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(block);
        }
    }
}
