using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace IronSeal;

/// <summary>
/// The plaintexts of seals already opened with one password: a signed-in user's browser sends the same cookie on every
/// request until it changes, and opening it again would repeat the same MAC check and decryption to the same result.
/// </summary>
/// <remarks>
/// <para>
/// Only a seal whose MAC was verified with this password (and key-derivation round count: one cache per count, see
/// <see cref="PasswordSecret.OpenedFor"/>) is added, and a hit needs the whole seal text to match, compared in constant time. So
/// a hit returns exactly what a full open of the same text would: the text fixes the MAC, which fixes the plaintext.
/// The caller checks the seal's expiration against the clock, and finds its password id in the set, before it looks
/// here, on every open, so an expired seal or one whose password was removed is refused as before.
/// </para>
/// <para>
/// A direct-mapped table: bounded by construction (<see cref="Capacity"/> slots of at
/// most <see cref="MaxPlaintextBytes"/>), no lock, a slot replaced whole; its index comes from the randomized string
/// hash, so an outsider cannot aim collisions. Wiped with the password's other cached secrets.
/// </para>
/// <para>
/// A seal is kept on its second verified open, not its first: the first only notes the seal's hash in its slot (an
/// <see cref="int"/>, no allocation). A browser that gets a new cookie on every save sends each seal once, and keeping
/// every one of them would copy ~1 KB per request into entries that outlive a gen0 collection only to be replaced
/// unread (SessionRequestBenchmarks.BrowserSaveLoop, measured before and after); a cookie read on many requests is kept from its second.
/// A strengthened seal (h3 2.x: 8192 rounds, milliseconds a key) is kept on its first verified open, since its second
/// would derive both keys again.
/// </para>
/// </remarks>
internal sealed class OpenedSealCache
{
    /// <summary>Slots per password: the last few hundred distinct sessions that were read.</summary>
    public const int Capacity = 512;

    /// <summary>Larger plaintexts are not kept (a session cookie holds at most about 3 KB of JSON).</summary>
    public const int MaxPlaintextBytes = 4096;

    // Direct-mapped: a seal's slot is its MAC field's randomized string hash, and a new entry replaces the slot's whole.
    private readonly Entry?[] _slots = new Entry?[Capacity];

    // Per slot, the hash of the last seal verified there once and not kept yet (a note, not a secret: the hash of a MAC).
    private readonly int[] _seen = new int[Capacity];

    /// <summary>How many slots hold a plaintext (scans the table; for tests).</summary>
    public int Count => _slots.Count(entry => entry is not null);

    /// <summary>On a hit, a pooled copy of the plaintext (the caller returns it, cleared) and its entry.</summary>
    public bool TryGet(ReadOnlySpan<char> seal, out byte[]? buffer, out int length, out Entry? hit)
    {
        Entry? entry = Volatile.Read(ref _slots[SlotOf(seal)]);
        if (entry is null || entry.Seal.Length != seal.Length || !SameText(entry.Seal, seal))
        {
            (buffer, length, hit) = (null, 0, null);
            return false;
        }

        hit = entry;
        length = entry.Bytes.Length;
        buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
        entry.Bytes.CopyTo(buffer, 0);
        return true;
    }

    /// <summary>
    /// Notes a seal that was just opened (its MAC verified), and keeps its plaintext when this is the seal's second open
    /// noted in its slot, or at once when <paramref name="strengthened"/>; null when it is not kept (a first open, or too
    /// large to keep).
    /// </summary>
    public Entry? Add(ReadOnlySpan<char> seal, ReadOnlySpan<byte> plaintext, bool strengthened = false)
    {
        if (plaintext.Length > MaxPlaintextBytes)
        {
            return null;
        }

        int hash = string.GetHashCode(SlotKey(seal));
        int slot = hash & (Capacity - 1);
        if (Interlocked.Exchange(ref _seen[slot], hash) != hash && !strengthened)
        {
            return null;
        }

        var entry = new Entry(seal.ToString(), plaintext.ToArray());
        Volatile.Write(ref _slots[slot], entry);
        return entry;
    }

    /// <summary>Wipes every kept plaintext (the owner is being collected).</summary>
    public void Wipe()
    {
        // Each slot emptied before its entry is wiped, so no later read finds a wiped plaintext.
        for (int i = 0; i < _slots.Length; i++)
        {
            if (Interlocked.Exchange(ref _slots[i], null) is { } entry)
            {
                CryptographicOperations.ZeroMemory(entry.Bytes);
            }
        }
    }

    /// <summary>
    /// What picks a seal's slot: its MAC field, the text after the last <c>*</c>. A cached seal's MAC is an HMAC output
    /// nobody can choose, so its slot is as good as random, and hashing 43 characters instead of the whole seal saves
    /// most of a hit's hashing. A lookup's text may be anything; its slot only decides which entry is compared.
    /// </summary>
    private static ReadOnlySpan<char> SlotKey(ReadOnlySpan<char> seal) => seal[(seal.LastIndexOf('*') + 1)..];

    private static int SlotOf(ReadOnlySpan<char> seal) => string.GetHashCode(SlotKey(seal)) & (Capacity - 1);

    /// <summary>
    /// Equal texts of equal length, in time that depends on the length only: no early exit at the first difference, so
    /// the time of a miss tells nothing about a cached seal. (<see cref="CryptographicOperations.FixedTimeEquals"/> runs
    /// unoptimised by design and costs about 3 ns a byte, more than the open it would save; this loop compares eight
    /// bytes a step, with no branch on the data.)
    /// </summary>
    internal static bool SameText(string cached, ReadOnlySpan<char> seal)
    {
        ReadOnlySpan<byte> a = MemoryMarshal.AsBytes(cached.AsSpan());
        ReadOnlySpan<byte> b = MemoryMarshal.AsBytes(seal);
        ReadOnlySpan<ulong> wideA = MemoryMarshal.Cast<byte, ulong>(a);
        ReadOnlySpan<ulong> wideB = MemoryMarshal.Cast<byte, ulong>(b);
        ulong difference = 0;
        for (int i = 0; i < wideA.Length; i++)
        {
            difference |= wideA[i] ^ wideB[i];
        }

        for (int i = wideA.Length * sizeof(ulong); i < a.Length; i++)
        {
            difference |= (uint)(a[i] ^ b[i]);
        }

        return difference == 0;
    }

    /// <summary>One kept seal: its text, its plaintext, and what the JSON layer found out about that plaintext.</summary>
    internal sealed class Entry(string seal, byte[] plaintext)
    {
        public string Seal { get; } = seal;

        public byte[] Bytes { get; } = plaintext;

        /// <summary>
        /// Set once the JSON reader checked this plaintext and found no object repeating a key: a later read of the same
        /// bytes skips that scan (a quarter of a repeat read). Written once, from false to true; a stale false only
        /// repeats the scan.
        /// </summary>
        public bool KeysUnique { get; set; }
    }
}
