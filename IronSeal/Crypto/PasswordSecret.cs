using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace IronSeal;

/// <summary>
/// The expensive state of one password, built once per process and shared by every <see cref="PasswordSet"/> that
/// holds the same password: its UTF-8 bytes, an HMAC-SHA1 keyed with it per thread (for <see cref="KeyDerivation"/>)
/// and the plaintexts of the seals it opened (<see cref="OpenedSealCache"/>).
/// </summary>
/// <remarks>
/// <para>
/// Why shared: <c>new SealOptions { Password = pw }</c> on every call is the natural way to write a magic-link
/// handler. Without sharing, each such call built a new keyed HMAC and started from an empty opened-seal cache, so
/// every unseal paid for a full open. With it, the call costs a lookup here.
/// </para>
/// <para>
/// The registry holds states weakly, keyed by the password's randomized string hash, and confirms a match by
/// comparing the UTF-8 bytes in constant time; it keeps no strong reference to a password. A state that no set holds
/// any more is collected, and its finalizer wipes the password bytes and every kept plaintext (the per-thread HMAC objects
/// free their native keyed contexts through their own finalizers). The registry holds at most
/// <see cref="RegistryCapacity"/> states; past that, a new password takes the slot of the oldest registration, whose
/// holders keep their state but no longer share it with sets built later.
/// </para>
/// </remarks>
internal sealed class PasswordSecret
{
    /// <summary>How many distinct live passwords are shared at most; an app has a handful.</summary>
    public const int RegistryCapacity = 64;

    private const int StackLimit = 256;

    private static readonly Lock s_lock = new();
    private static readonly List<(int Hash, WeakReference<PasswordSecret> State)> s_registry = [];

    private static int s_evict;

    private readonly byte[] _utf8;
    private readonly ThreadLocal<IncrementalHash> _hmac;

    private PasswordSecret(byte[] utf8)
    {
        _utf8 = utf8;
        _hmac = new(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, _utf8));
    }

    /// <summary>Wipes the password bytes and the kept plaintexts once no set holds this state.</summary>
    ~PasswordSecret()
    {
        CryptographicOperations.ZeroMemory(_utf8);
        Opened.Wipe();
        _strengthenedOpened?.Wipe();
    }

    /// <summary>The password as PBKDF2 reads it: UTF-8 (passwords are valid UTF-16, checked by <see cref="PasswordSet"/>).</summary>
    public ReadOnlySpan<byte> Utf8 => _utf8;

    /// <summary>This thread's HMAC-SHA1 keyed with the password; reset after every use.</summary>
    public IncrementalHash Hmac => _hmac.Value!;

    /// <summary>The seals opened with this password and iron's one PBKDF2 round.</summary>
    public OpenedSealCache Opened { get; } = new();

    private OpenedSealCache? _strengthenedOpened;
    private int _strengthenedIterations;

    /// <summary>
    /// The opened-seal cache for keys derived in <paramref name="iterations"/> PBKDF2 rounds: <see cref="Opened"/> for
    /// iron's one round, a second cache for the first other count asked for (h3 2.x's 8192), none (null) for a third. A
    /// seal verified under one count says nothing about another, so the caches must never mix.
    /// </summary>
    public OpenedSealCache? OpenedFor(int iterations)
    {
        if (iterations == KeyDerivation.IronIterations)
        {
            return Opened;
        }

        lock (Opened)
        {
            if (_strengthenedOpened is null)
            {
                (_strengthenedOpened, _strengthenedIterations) = (new OpenedSealCache(), iterations);
            }

            return _strengthenedIterations == iterations ? _strengthenedOpened : null;
        }
    }

    /// <summary>How many live states the registry shares now (for tests).</summary>
    internal static int SharedCount
    {
        get
        {
            lock (s_lock)
            {
                return s_registry.Count(entry => entry.State.TryGetTarget(out _));
            }
        }
    }

    /// <summary>The shared state of <paramref name="password"/>, made on first use.</summary>
    public static PasswordSecret For(string password)
    {
        int hash = string.GetHashCode(password);
        int byteCount = Encoding.UTF8.GetByteCount(password);
        byte[]? rented = null;
        // Stryker disable once all : stack or pool is a choice of memory, not of result
        Span<byte> utf8 = byteCount <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(byteCount));
        utf8 = utf8[..Encoding.UTF8.GetBytes(password, utf8)];
        try
        {
            lock (s_lock)
            {
                int free = -1;
                for (int i = 0; i < s_registry.Count; i++)
                {
                    (int entryHash, WeakReference<PasswordSecret> reference) = s_registry[i];
                    if (!reference.TryGetTarget(out PasswordSecret? state))
                    {
                        free = i;
                    }
                    else if (entryHash == hash && CryptographicOperations.FixedTimeEquals(state._utf8, utf8))
                    {
                        return state;
                    }
                }

                var created = new PasswordSecret(utf8.ToArray());
                if (free >= 0)
                {
                    s_registry[free] = (hash, new WeakReference<PasswordSecret>(created));
                }
                else if (s_registry.Count < RegistryCapacity)
                {
                    s_registry.Add((hash, new WeakReference<PasswordSecret>(created)));
                }
                else
                {
                    // Full of live states: the oldest registration makes room (its holders keep using it unshared).
                    s_registry[s_evict] = (hash, new WeakReference<PasswordSecret>(created));
                    s_evict = (s_evict + 1) % RegistryCapacity;
                }

                return created;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
