using System.Collections.Concurrent;

namespace IronSeal;

/// <summary>
/// Keys with a value and an expiry, in memory: what both in-memory stores are made of. An expired key counts as
/// absent; every 1,024th write sweeps the expired ones, so the map holds about what is live.
/// </summary>
/// <typeparam name="TValue">What a key holds.</typeparam>
internal sealed class ExpiringKeys<TValue>
{
    private readonly ConcurrentDictionary<string, (TValue Value, DateTimeOffset ExpiresAt)> _entries = new(StringComparer.Ordinal);
    private int _writes;

    /// <summary>Adds the key unless it is present and live: true when this call added it.</summary>
    public bool TryAdd(string key, TValue value, DateTimeOffset now, TimeSpan lifetime)
    {
        Sweep(now);
        var entry = (value, now + lifetime);
        while (true)
        {
            if (_entries.TryAdd(key, entry))
            {
                return true;
            }

            if (!_entries.TryGetValue(key, out var existing))
            {
                continue;
            }

            if (existing.ExpiresAt > now)
            {
                return false;
            }

            if (_entries.TryUpdate(key, entry, existing))
            {
                return true;
            }
        }
    }

    /// <summary>Sets the key, replacing what it held.</summary>
    public void Set(string key, TValue value, DateTimeOffset now, TimeSpan lifetime)
    {
        Sweep(now);
        _entries[key] = (value, now + lifetime);
    }

    /// <summary>The key's value while it is live.</summary>
    public bool TryGet(string key, DateTimeOffset now, out TValue? value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.ExpiresAt > now)
        {
            value = entry.Value;
            return true;
        }

        value = default;
        return false;
    }

    private void Sweep(DateTimeOffset now)
    {
        if (Interlocked.Increment(ref _writes) % 1024 != 0)
        {
            return;
        }

        foreach (var pair in _entries)
        {
            if (pair.Value.ExpiresAt <= now)
            {
                _entries.TryRemove(pair);
            }
        }
    }
}
