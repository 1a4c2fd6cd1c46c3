using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;
using X86Sse2 = System.Runtime.Intrinsics.X86.Sse2;

namespace IronSeal;

/// <summary>
/// AES-256-CBC with PKCS#7 padding, as iron uses it. On x86 CPUs with AES-NI the rounds run as the CPU's AES
/// instructions straight from managed code (constant-time by construction, no table lookups), which saves the
/// native call, the cipher object and the key copy that the BCL's one-shot CBC methods cost per seal (measured: about
/// 1.3 µs and 136 bytes). Elsewhere, or when the app sets the <c>IronSeal.UsePlatformAes</c> switch (for a
/// FIPS-validated module), every call goes to the platform's AES through the BCL's <see cref="Aes"/>. Both paths pass
/// NIST's CAVP vectors for AES-256-CBC (GFSbox, KeySbox, VarKey, VarTxt, MMT and the Monte Carlo procedure) and are
/// compared with the BCL on random keys, IVs and lengths.
/// </summary>
internal static class AesCbc
{
    private const int Rounds = 14; // AES-256
    private const int BlockSize = 16;

    /// <summary>
    /// The <see cref="AppContext"/> switch that routes every AES call to the platform's implementation, even where
    /// AES-NI is there: <c>&lt;RuntimeHostConfigurationOption Include="IronSeal.UsePlatformAes" Value="true" /&gt;</c> in
    /// the app's project file, <c>"configProperties": { "IronSeal.UsePlatformAes": true }</c> in its
    /// <c>runtimeconfig.json</c>, or <see cref="AppContext.SetSwitch"/> before the first seal.
    /// </summary>
    public const string UsePlatformAesSwitch = "IronSeal.UsePlatformAes";

    [ThreadStatic]
    private static Aes? t_aes;

    /// <summary>True when the switch asks for the platform's AES (read once, at the first seal).</summary>
    public static bool PlatformRequested { get; } = AppContext.TryGetSwitch(UsePlatformAesSwitch, out bool on) && on;

    /// <summary>True when this process encrypts with AES-NI from managed code; false when it uses the platform's AES.</summary>
    public static bool IsHardwareAccelerated { get; } = !PlatformRequested && X86Aes.IsSupported && X86Sse2.IsSupported;

    /// <summary>The ciphertext length for a plaintext: always at least one byte of padding.</summary>
    public static int CipherLength(int plainLength) => (plainLength / BlockSize + 1) * BlockSize;

    public static int Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plain, Span<byte> destination) =>
        // Stryker disable once all : both paths write the same bytes (AesCbcTests run each); the CPU picks one
        IsHardwareAccelerated ? EncryptHardware(key, iv, plain, destination) : EncryptPortable(key, iv, plain, destination);

    /// <summary>False for a ciphertext that is not whole blocks or whose padding is wrong.</summary>
    public static bool TryDecrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> cipher, Span<byte> destination, out int written)
    {
        written = 0;
        if (cipher.IsEmpty || cipher.Length % BlockSize != 0 || iv.Length != BlockSize)
        {
            return false;
        }

        // Stryker disable once all : both paths give the same result (AesCbcTests run each); the CPU picks one
        return IsHardwareAccelerated
            ? DecryptHardware(key, iv, cipher, destination, out written)
            : TryDecryptPortable(key, iv, cipher, destination, out written);
    }

    /// <summary>AES-256-CBC with PKCS#7 through the BCL, for CPUs without AES-NI.</summary>
    internal static int EncryptPortable(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plain, Span<byte> destination) =>
        Bcl(key).EncryptCbc(plain, iv, destination, PaddingMode.PKCS7);

    /// <summary>The BCL's decryption, with its exception for bad padding turned into <see langword="false"/>.</summary>
    internal static bool TryDecryptPortable(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> cipher, Span<byte> destination, out int written)
    {
        try
        {
            return Bcl(key).TryDecryptCbc(cipher, iv, destination, out written, PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
            written = 0;
            return false;
        }
    }

    private static Aes Bcl(ReadOnlySpan<byte> key)
    {
        // Stryker disable once all : a new Aes per call is slower, not different
        Aes aes = t_aes ??= Aes.Create();
        aes.SetKey(key);
        return aes;
    }

    internal static int EncryptHardware(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plain, Span<byte> destination)
    {
        Span<Vector128<byte>> rk = stackalloc Vector128<byte>[Rounds + 1];
        try
        {
            ExpandKey(key, rk);
            return EncryptHardware(rk, iv, plain, destination);
        }
        finally
        {
            rk.Clear();
        }
    }

    /// <summary>CBC with PKCS#7 padding under a key already expanded.</summary>
    private static int EncryptHardware(ReadOnlySpan<Vector128<byte>> rk, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plain, Span<byte> destination)
    {
        Span<byte> last = stackalloc byte[BlockSize];
        try
        {
            int full = plain.Length / BlockSize * BlockSize;
            Vector128<byte> chain = EncryptBlocks(rk, Load(iv), plain[..full], destination);

            // The last block: the remaining bytes, then PKCS#7 padding (1 to 16 bytes of the pad length).
            int rest = plain.Length - full;
            plain[full..].CopyTo(last);
            last[rest..].Fill((byte)(BlockSize - rest));
            EncryptBlocks(rk, chain, last, destination.Slice(full, BlockSize));
            return full + BlockSize;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(last);
        }
    }

    /// <summary>CBC over whole blocks, no padding: what NIST's vectors test.</summary>
    internal static void EncryptHardwareNoPadding(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> blocks, Span<byte> destination)
    {
        Span<Vector128<byte>> rk = stackalloc Vector128<byte>[Rounds + 1];
        try
        {
            ExpandKey(key, rk);
            EncryptBlocks(rk, Load(iv), blocks, destination);
        }
        finally
        {
            rk.Clear();
        }
    }

    /// <summary>CBC over whole blocks, no padding, through the platform's AES.</summary>
    internal static void EncryptPortableNoPadding(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> blocks, Span<byte> destination) =>
        Bcl(key).EncryptCbc(blocks, iv, destination, PaddingMode.None);

    /// <summary>CBC decryption over whole blocks, no padding check, through the platform's AES.</summary>
    internal static void DecryptPortableNoPadding(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> blocks, Span<byte> destination) =>
        Bcl(key).DecryptCbc(blocks, iv, destination, PaddingMode.None);

    /// <summary>CBC decryption over whole blocks, no padding check: what NIST's vectors test.</summary>
    internal static void DecryptHardwareNoPadding(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> blocks, Span<byte> destination)
    {
        Span<Vector128<byte>> rk = stackalloc Vector128<byte>[Rounds + 1];
        try
        {
            ExpandKey(key, rk);
            InvertKeySchedule(rk);
            DecryptBlocks(rk, Load(iv), blocks, destination);
        }
        finally
        {
            rk.Clear();
        }
    }

    private static Vector128<byte> EncryptBlocks(ReadOnlySpan<Vector128<byte>> rk, Vector128<byte> chain, ReadOnlySpan<byte> blocks, Span<byte> destination)
    {
        for (int offset = 0; offset < blocks.Length; offset += BlockSize)
        {
            chain = EncryptBlock(X86Sse2.Xor(Load(blocks.Slice(offset, BlockSize)), chain), rk);
            Store(chain, destination.Slice(offset, BlockSize));
        }

        return chain;
    }

    private static void DecryptBlocks(ReadOnlySpan<Vector128<byte>> dk, Vector128<byte> chain, ReadOnlySpan<byte> blocks, Span<byte> destination)
    {
        for (int offset = 0; offset < blocks.Length; offset += BlockSize)
        {
            Vector128<byte> block = Load(blocks.Slice(offset, BlockSize));
            Store(X86Sse2.Xor(DecryptBlock(block, dk), chain), destination.Slice(offset, BlockSize));
            chain = block;
        }
    }

    internal static bool DecryptHardware(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> cipher, Span<byte> destination, out int written)
    {
        DecryptHardwareNoPadding(key, iv, cipher, destination);
        int pad = destination[cipher.Length - 1];
        bool valid = pad is >= 1 and <= BlockSize;
        if (valid)
        {
            foreach (byte b in destination.Slice(cipher.Length - pad, pad))
            {
                valid &= b == pad;
            }
        }

        written = valid ? cipher.Length - pad : 0;
        return valid;
    }

    private static Vector128<byte> EncryptBlock(Vector128<byte> block, ReadOnlySpan<Vector128<byte>> rk)
    {
        block = X86Sse2.Xor(block, rk[0]);
        for (int round = 1; round < Rounds; round++)
        {
            block = X86Aes.Encrypt(block, rk[round]);
        }

        return X86Aes.EncryptLast(block, rk[Rounds]);
    }

    private static Vector128<byte> DecryptBlock(Vector128<byte> block, ReadOnlySpan<Vector128<byte>> dk)
    {
        block = X86Sse2.Xor(block, dk[0]);
        for (int round = 1; round < Rounds; round++)
        {
            block = X86Aes.Decrypt(block, dk[round]);
        }

        return X86Aes.DecryptLast(block, dk[Rounds]);
    }

    /// <summary>The AES-256 key schedule (FIPS 197 §5.2) with AESKEYGENASSIST, as in Intel's AES-NI white paper.</summary>
    /// <remarks>Unrolled on purpose: the round constant must be an immediate operand of the instruction.</remarks>
    internal static void ExpandKey(ReadOnlySpan<byte> key, Span<Vector128<byte>> rk)
    {
        rk[0] = Load(key[..16]);
        rk[1] = Load(key[16..32]);
        rk[2] = MixEven(rk[0], X86Aes.KeygenAssist(rk[1], 0x01));
        rk[3] = MixOdd(rk[1], X86Aes.KeygenAssist(rk[2], 0x00));
        rk[4] = MixEven(rk[2], X86Aes.KeygenAssist(rk[3], 0x02));
        rk[5] = MixOdd(rk[3], X86Aes.KeygenAssist(rk[4], 0x00));
        rk[6] = MixEven(rk[4], X86Aes.KeygenAssist(rk[5], 0x04));
        rk[7] = MixOdd(rk[5], X86Aes.KeygenAssist(rk[6], 0x00));
        rk[8] = MixEven(rk[6], X86Aes.KeygenAssist(rk[7], 0x08));
        rk[9] = MixOdd(rk[7], X86Aes.KeygenAssist(rk[8], 0x00));
        rk[10] = MixEven(rk[8], X86Aes.KeygenAssist(rk[9], 0x10));
        rk[11] = MixOdd(rk[9], X86Aes.KeygenAssist(rk[10], 0x00));
        rk[12] = MixEven(rk[10], X86Aes.KeygenAssist(rk[11], 0x20));
        rk[13] = MixOdd(rk[11], X86Aes.KeygenAssist(rk[12], 0x00));
        rk[14] = MixEven(rk[12], X86Aes.KeygenAssist(rk[13], 0x40));
    }

    /// <summary>Turns the encryption schedule into the equivalent inverse cipher's (FIPS 197 §5.3.5).</summary>
    private static void InvertKeySchedule(Span<Vector128<byte>> rk)
    {
        rk.Reverse();
        for (int round = 1; round < Rounds; round++)
        {
            rk[round] = X86Aes.InverseMixColumns(rk[round]);
        }
    }

    // Word 3 of the assist (RotWord(SubWord(w)) ^ rcon), spread to all four words, folded into the previous even key.
    private static Vector128<byte> MixEven(Vector128<byte> previous, Vector128<byte> assist) =>
        Fold(previous, X86Sse2.Shuffle(assist.AsUInt32(), 0xFF).AsByte());

    // Word 2 of the assist (SubWord(w), no rotation or rcon), spread to all four words, folded into the previous odd key.
    private static Vector128<byte> MixOdd(Vector128<byte> previous, Vector128<byte> assist) =>
        Fold(previous, X86Sse2.Shuffle(assist.AsUInt32(), 0xAA).AsByte());

    private static Vector128<byte> Fold(Vector128<byte> key, Vector128<byte> spread)
    {
        Vector128<byte> shifted = X86Sse2.ShiftLeftLogical128BitLane(key, 4);
        key = X86Sse2.Xor(key, shifted);
        shifted = X86Sse2.ShiftLeftLogical128BitLane(shifted, 4);
        key = X86Sse2.Xor(key, shifted);
        shifted = X86Sse2.ShiftLeftLogical128BitLane(shifted, 4);
        key = X86Sse2.Xor(key, shifted);
        return X86Sse2.Xor(key, spread);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Load(ReadOnlySpan<byte> sixteen) => Vector128.Create(sixteen);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector128<byte> block, Span<byte> sixteen) => block.CopyTo(sixteen);
}
