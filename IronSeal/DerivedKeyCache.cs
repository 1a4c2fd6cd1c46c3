using System.Collections.Concurrent;

namespace IronSeal;

/// <summary>
/// Keys derived from one password, by salt text, for seals that have already been opened once: every request of a
/// signed-in user sends the same cookie, and PBKDF2 is most of the cost of opening it. Bounded (cleared when full),
/// thread-safe, one per password so that nothing can cross between passwords. Only salts of seals whose MAC was
/// verified are added, so forged cookies cannot fill it.
/// </summary>
internal sealed class DerivedKeyCache
{
    /// <summary>The most keys kept per password: 2 per seal, so the last ~2 000 distinct sessions.</summary>
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, byte[]> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public DerivedKeyCache()
    {
        _lookup = _keys.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _keys.Count;

    public bool TryGet(ReadOnlySpan<char> salt, Span<byte> key)
    {
        if (!_lookup.TryGetValue(salt, out byte[]? cached))
        {
            return false;
        }

        cached.CopyTo(key);
        return true;
    }

    public void Add(ReadOnlySpan<char> salt, ReadOnlySpan<byte> key)
    {
        if (_keys.Count >= Capacity)
        {
            // Simple and bounded: forget everything; the next requests derive their keys again.
            _keys.Clear();
        }

        _lookup.TryAdd(salt, key.ToArray());
    }
}
