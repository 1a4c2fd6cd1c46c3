using System.Security.Cryptography;
using System.Text;

namespace IronSeal;

/// <summary>
/// Keys derived from one password, by salt text, for seals that have already been opened once: every request of a
/// signed-in user sends the same cookie, and PBKDF2 is most of the cost of opening it.
/// </summary>
/// <remarks>
/// A direct-mapped table: a salt's hash picks one slot, and a new key simply replaces whatever held that slot. So the
/// cache is bounded by construction (<see cref="Capacity"/> slots, allocated on first use), lookups and adds take no
/// lock, and a slot is always read whole (an immutable entry swapped atomically). One cache per password, so nothing
/// crosses between passwords; only salts of seals whose MAC was verified are added, so forged cookies cannot evict
/// genuine ones. The string hash is randomized per process, so an outsider cannot aim collisions either.
/// </remarks>
internal sealed class DerivedKeyCache
{
    /// <summary>Slots per password: 2 keys per seal, so roughly the last 2 000 distinct sessions stay warm.</summary>
    public const int Capacity = 4096;

    // An entry is one immutable array, published whole: [salt length][salt as ASCII][32-byte key].
    private readonly SlotTable<byte[]> _slots = new(Capacity);

    /// <summary>The plaintexts of seals opened with these keys (same password, same round count).</summary>
    public OpenedSealCache Opened { get; } = new();

    /// <summary>How many slots hold a key (scans the table; for tests).</summary>
    public int Count => _slots.Count;

    /// <summary>
    /// Copies the key of <paramref name="salt"/> into <paramref name="key"/> when the cache holds it. An empty salt is
    /// always a miss: no entry is ever made for one, and a wiped (zeroed) entry must never read as one.
    /// </summary>
    public bool TryGet(ReadOnlySpan<char> salt, Span<byte> key)
    {
        byte[]? entry = _slots.Read(salt);
        if (salt.IsEmpty || entry is null || entry[0] != salt.Length || !Ascii.Equals(entry.AsSpan(1, entry[0]), salt))
        {
            return false;
        }

        entry.AsSpan(1 + entry[0], KeyDerivation.KeyBytes).CopyTo(key);
        return true;
    }

    /// <summary>Caches a key; salts that are empty or not short ASCII (never the case for iron's hex salts) are not cached.</summary>
    public void Add(ReadOnlySpan<char> salt, ReadOnlySpan<byte> key)
    {
        if (salt.IsEmpty || salt.Length > byte.MaxValue || !Ascii.IsValid(salt))
        {
            return;
        }

        byte[] entry = new byte[1 + salt.Length + KeyDerivation.KeyBytes];
        entry[0] = (byte)salt.Length;
        Ascii.FromUtf16(salt, entry.AsSpan(1), out _);
        key.CopyTo(entry.AsSpan(1 + salt.Length));
        _slots.Write(salt, entry);
    }

    /// <summary>Empties the cache and wipes every key it held (the owner is being collected).</summary>
    public void Wipe()
    {
        Opened.Wipe();
        foreach (byte[] entry in _slots.TakeAll())
        {
            CryptographicOperations.ZeroMemory(entry);
        }
    }
}
