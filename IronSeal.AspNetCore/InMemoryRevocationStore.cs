namespace IronSeal;

/// <summary>
/// An <see cref="ISessionRevocationStore"/> in this process's memory: right for an app that runs as one instance. What
/// <c>AddIronSessionRevocation</c> uses when no shared store is registered. Thread-safe; expired records are swept as
/// new ones arrive.
/// </summary>
/// <param name="timeProvider">The clock deciding when a record expires; <see langword="null"/> for the system clock.</param>
public sealed class InMemoryRevocationStore(TimeProvider? timeProvider = null) : ISessionRevocationStore
{
    private readonly TimeProvider _clock = timeProvider ?? TimeProvider.System;
    private readonly ExpiringKeys<DateTimeOffset> _records = new();

    /// <inheritdoc />
    public ValueTask RevokeAsync(string key, DateTimeOffset revokedAt, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        _records.Set(key, revokedAt, _clock.GetUtcNow(), lifetime);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<DateTimeOffset?>> GetAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();
        DateTimeOffset now = _clock.GetUtcNow();
        var found = new DateTimeOffset?[keys.Count];
        for (int i = 0; i < found.Length; i++)
        {
            found[i] = _records.TryGet(keys[i], now, out DateTimeOffset revokedAt) ? revokedAt : null;
        }

        return ValueTask.FromResult<IReadOnlyList<DateTimeOffset?>>(found);
    }
}
