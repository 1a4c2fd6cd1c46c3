using System.Security.Cryptography;

namespace IronSeal;

/// <summary>
/// AES-256-CBC with PKCS#7 padding, as iron uses it, through the platform's AES (the BCL's <see cref="Aes"/>: OpenSSL
/// on Linux, CNG on Windows, so a FIPS-validated module where the platform has one). One <see cref="Aes"/> object per
/// thread, keyed per call. Checked against NIST's CAVP vectors for AES-256-CBC (GFSbox, KeySbox, VarKey, VarTxt, MMT).
/// </summary>
/// <remarks>
/// Until 2026-12 the rounds also ran as AES-NI instructions from managed code; end to end (the HTTP benchmark's read,
/// save and first open) that path was within the machine's noise of this one, so it went (docs/benchmarks.md).
/// </remarks>
internal static class AesCbc
{
    private const int BlockSize = 16;

    [ThreadStatic]
    private static Aes? t_aes;

    /// <summary>The ciphertext length for a plaintext: always at least one byte of padding.</summary>
    public static int CipherLength(int plainLength) => (plainLength / BlockSize + 1) * BlockSize;

    public static int Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plain, Span<byte> destination) =>
        Keyed(key).EncryptCbc(plain, iv, destination, PaddingMode.PKCS7);

    /// <summary>False for a ciphertext that is not whole blocks or whose padding is wrong; <paramref name="iv"/> is 16 bytes (the caller checks it).</summary>
    public static bool TryDecrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> cipher, Span<byte> destination, out int written)
    {
        written = 0;
        if (cipher.IsEmpty || cipher.Length % BlockSize != 0)
        {
            return false;
        }

        try
        {
            return Keyed(key).TryDecryptCbc(cipher, iv, destination, out written, PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
            // The platform's answer to bad padding.
            written = 0;
            return false;
        }
    }

    /// <summary>CBC without padding over whole blocks: what NIST's vectors state.</summary>
    internal static void EncryptNoPadding(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> blocks, Span<byte> destination) =>
        Keyed(key).EncryptCbc(blocks, iv, destination, PaddingMode.None);

    /// <summary>CBC decryption without padding over whole blocks.</summary>
    internal static void DecryptNoPadding(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> blocks, Span<byte> destination) =>
        Keyed(key).DecryptCbc(blocks, iv, destination, PaddingMode.None);

    private static Aes Keyed(ReadOnlySpan<byte> key)
    {
        Aes aes = t_aes ??= Aes.Create();
        aes.SetKey(key);
        return aes;
    }
}
