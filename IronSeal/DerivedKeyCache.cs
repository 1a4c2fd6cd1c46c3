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

    private Entry?[]? _slots;

    /// <summary>How many slots hold a key (scans the table; for tests).</summary>
    public int Count => _slots?.Count(entry => entry is not null) ?? 0;

    public bool TryGet(ReadOnlySpan<char> salt, Span<byte> key)
    {
        Entry?[]? slots = Volatile.Read(ref _slots);
        if (slots is null)
        {
            return false;
        }

        Entry? entry = Volatile.Read(ref slots[SlotOf(salt)]);
        if (entry is null || !salt.SequenceEqual(entry.Salt))
        {
            return false;
        }

        entry.Key.CopyTo(key);
        return true;
    }

    public void Add(ReadOnlySpan<char> salt, ReadOnlySpan<byte> key)
    {
        Entry?[] slots = Volatile.Read(ref _slots) ?? EnsureSlots();
        Volatile.Write(ref slots[SlotOf(salt)], new Entry(salt.ToString(), key.ToArray()));
    }

    private static int SlotOf(ReadOnlySpan<char> salt) => string.GetHashCode(salt) & (Capacity - 1);

    private Entry?[] EnsureSlots()
    {
        Interlocked.CompareExchange(ref _slots, new Entry?[Capacity], null);
        return _slots;
    }

    private sealed record Entry(string Salt, byte[] Key);
}
