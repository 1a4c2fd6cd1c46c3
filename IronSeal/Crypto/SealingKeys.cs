using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace IronSeal;

/// <summary>
/// One thread's sealing salts for one password (and PBKDF2 round count), with the two keys derived from them, reused
/// by that thread's seals for up to <see cref="MaxSeals"/> seals or <see cref="MaxAgeMilliseconds"/>, whichever
/// comes first. Every seal still gets its own random IV.
/// </summary>
/// <remarks>
/// <para>
/// Why: deriving the two keys and keying an HMAC with the second was about 7 of a small seal's 8 µs (OpenSSL 3's
/// per-call cost on five short HMAC computations, not the hashing). With the keys reused, a seal is one AES-CBC pass
/// on AES-NI and one MAC on an HMAC already keyed.
/// </para>
/// <para>
/// Why it is safe: the format is unchanged (each seal names its salts, and any iron implementation derives the same
/// keys from them), AES-CBC under one key with a fresh random IV per message and HMAC-SHA256 under one key are the
/// standard uses of both primitives, and iron itself offers a mode in which every seal uses the same keys (a
/// <c>Buffer</c> password, no salt). What changes is that seals made by one thread within one window carry the same
/// salts, so an observer holding several seals can tell that they were made close together by one process.
/// <c>docs/security.md</c> gives the argument in full; the <see cref="FreshSaltPerSealSwitch"/> switch brings back a
/// new salt pair for every seal.
/// </para>
/// </remarks>
internal sealed class SealingKeys
{
    /// <summary>How many seals one salt pair serves at most.</summary>
    public const int MaxSeals = 4096;

    /// <summary>How long one salt pair serves at most.</summary>
    public const long MaxAgeMilliseconds = 1000;

    /// <summary>
    /// The <see cref="AppContext"/> switch that gives every seal its own salts and keys, as @hapi/iron does:
    /// <c>&lt;RuntimeHostConfigurationOption Include="IronSeal.FreshSaltPerSeal" Value="true" /&gt;</c> in the app's
    /// project file, or <see cref="AppContext.SetSwitch"/> before the first seal.
    /// </summary>
    public const string FreshSaltPerSealSwitch = "IronSeal.FreshSaltPerSeal";

    private readonly byte[] _encryptionSalt = new byte[SealFormat.SaltHexChars];
    private readonly byte[] _integritySalt = new byte[SealFormat.SaltHexChars];
    private readonly byte[] _encryptionKey = new byte[SealFormat.KeyBytes];

    // The encryption key's AES round keys, expanded once per key instead of once per seal (AesNiOptimizationBenchmarks).
    private readonly Vector128<byte>[] _schedule = AesCbc.NewKeySchedule();
    private IncrementalHash? _mac;
    private long _renewAt;
    private int _left;

    /// <summary>True when the switch asks for a new salt pair per seal (read once, at the first seal).</summary>
    public static bool FreshSaltPerSeal { get; } = AppContext.TryGetSwitch(FreshSaltPerSealSwitch, out bool on) && on;

    /// <summary>Wipes the encryption key once no thread holds these keys (the keyed HMAC frees its own native state).</summary>
    ~SealingKeys()
    {
        CryptographicOperations.ZeroMemory(_encryptionKey);
        _schedule.AsSpan().Clear();
    }

    /// <summary>The encryption salt as the seal writes it (64 lowercase hex characters, ASCII).</summary>
    public ReadOnlySpan<byte> EncryptionSalt => _encryptionSalt;

    /// <summary>The integrity salt as the seal writes it.</summary>
    public ReadOnlySpan<byte> IntegritySalt => _integritySalt;

    /// <summary>The AES-256 key derived from <see cref="EncryptionSalt"/>.</summary>
    public ReadOnlySpan<byte> EncryptionKey => _encryptionKey;

    /// <summary>
    /// Makes the keys ready for one more seal at <paramref name="now"/> (<see cref="Environment.TickCount64"/>):
    /// draws new salts and derives their keys when the current pair has served its seals or its time.
    /// </summary>
    public void Take(PasswordEntry password, int iterations, long now)
    {
        if (_left > 0 && now < _renewAt)
        {
            _left--;
            return;
        }

        Span<byte> integrityKey = stackalloc byte[SealFormat.KeyBytes];
        try
        {
            NewPair(password, iterations, _encryptionSalt, _integritySalt, _encryptionKey, integrityKey);
            AesCbc.PrepareKeySchedule(_encryptionKey, _schedule);
            _mac?.Dispose();
            _mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, integrityKey);
            _left = MaxSeals - 1;
            _renewAt = now + MaxAgeMilliseconds;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(integrityKey);
        }
    }

    /// <summary>
    /// Draws a new salt pair, written as the 64 lowercase hex characters a seal carries (iron derives from that text),
    /// and derives its two keys: what every seal did before salts were reused, and what a reused pair is made of.
    /// </summary>
    public static void NewPair(
        PasswordEntry password, int iterations, Span<byte> encryptionSalt, Span<byte> integritySalt, Span<byte> encryptionKey, Span<byte> integrityKey)
    {
        Span<byte> random = stackalloc byte[2 * SealFormat.SaltBytes];
        try
        {
            RandomBytes.Fill(random);
            Convert.TryToHexStringLower(random[..SealFormat.SaltBytes], encryptionSalt, out _);
            Convert.TryToHexStringLower(random[SealFormat.SaltBytes..], integritySalt, out _);
            KeyDerivation.DeriveKey(password, encryptionSalt[..SealFormat.SaltHexChars], encryptionKey, iterations);
            KeyDerivation.DeriveKey(password, integritySalt[..SealFormat.SaltHexChars], integrityKey, iterations);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(random);
        }
    }

    /// <summary>Encrypts with <see cref="EncryptionKey"/> (AES-256-CBC, PKCS#7), on its round keys kept from <see cref="Take"/>.</summary>
    public int Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plain, Span<byte> destination) =>
        AesCbc.Encrypt(_encryptionKey, _schedule, iv, plain, destination);

    /// <summary>HMAC-SHA256 of <paramref name="input"/> under the key derived from <see cref="IntegritySalt"/>.</summary>
    public void Mac(ReadOnlySpan<byte> input, Span<byte> destination)
    {
        IncrementalHash mac = _mac ?? throw new InvalidOperationException("Take must come before Mac.");
        mac.AppendData(input);
        mac.GetHashAndReset(destination);
    }
}
