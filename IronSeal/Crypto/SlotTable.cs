namespace IronSeal;

/// <summary>
/// A direct-mapped table of immutable entries for the per-password caches: a key's randomized string hash picks one of
/// <c>capacity</c> slots (a power of two), and a new entry simply replaces whatever held that slot. Bounded by
/// construction, allocated on first write, no lock: a slot is always read and replaced whole.
/// </summary>
/// <typeparam name="TEntry">The immutable entry.</typeparam>
internal sealed class SlotTable<TEntry>(int capacity)
    where TEntry : class
{
    private TEntry?[]? _slots;

    /// <summary>How many slots hold an entry (scans the table; for tests).</summary>
    public int Count => _slots?.Count(entry => entry is not null) ?? 0;

    /// <summary>The entry in the slot of <paramref name="key"/>, if any (the caller checks that it is this key's).</summary>
    public TEntry? Read(ReadOnlySpan<char> key)
    {
        TEntry?[]? slots = Volatile.Read(ref _slots);
        return slots is null ? null : Volatile.Read(ref slots[SlotOf(key)]);
    }

    /// <summary>Puts <paramref name="entry"/> in the slot of <paramref name="key"/>.</summary>
    public void Write(ReadOnlySpan<char> key, TEntry entry)
    {
        // Stryker disable once all : EnsureSlots returns the existing slots too; the read only skips a CompareExchange
        TEntry?[] slots = Volatile.Read(ref _slots) ?? EnsureSlots();
        Volatile.Write(ref slots[SlotOf(key)], entry);
    }

    /// <summary>Puts <paramref name="entry"/> in the slot of <paramref name="key"/> and returns what held it before.</summary>
    public TEntry? Swap(ReadOnlySpan<char> key, TEntry entry)
    {
        TEntry?[] slots = Volatile.Read(ref _slots) ?? EnsureSlots();
        return Interlocked.Exchange(ref slots[SlotOf(key)], entry);
    }

    /// <summary>Empties every slot and returns what they held (for wiping: no later read finds a wiped entry).</summary>
    public List<TEntry> TakeAll()
    {
        var taken = new List<TEntry>();
        TEntry?[]? slots = Volatile.Read(ref _slots);
        for (int i = 0; slots is not null && i < slots.Length; i++)
        {
            if (Interlocked.Exchange(ref slots[i], null) is { } entry)
            {
                taken.Add(entry);
            }
        }

        return taken;
    }

    private int SlotOf(ReadOnlySpan<char> key) => string.GetHashCode(key) & (capacity - 1);

    private TEntry?[] EnsureSlots()
    {
        Interlocked.CompareExchange(ref _slots, new TEntry?[capacity], null);
        return _slots;
    }
}
