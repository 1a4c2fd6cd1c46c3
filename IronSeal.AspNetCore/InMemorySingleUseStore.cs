namespace IronSeal;

/// <summary>
/// An <see cref="ISingleUseStore"/> in this process's memory: atomic, and right for an app that runs as one instance
/// (each instance of several would remember only its own uses). What <c>AddIronSealSingleUse()</c> uses when no
/// shared store is registered. Thread-safe; expired keys are swept as new ones arrive.
/// </summary>
/// <param name="timeProvider">The clock deciding when a key expires; <see langword="null"/> for the system clock.</param>
public sealed class InMemorySingleUseStore(TimeProvider? timeProvider = null) : ISingleUseStore
{
    private readonly TimeProvider _clock = timeProvider ?? TimeProvider.System;
    private readonly ExpiringKeys<byte> _keys = new();

    /// <inheritdoc />
    public ValueTask<bool> TryAddAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_keys.TryAdd(key, 0, _clock.GetUtcNow(), lifetime));
    }
}
