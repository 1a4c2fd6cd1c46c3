namespace IronSeal;

/// <summary>
/// Where <see cref="SingleUseGuard"/> records used tokens, shared by every instance of an app. Implementations:
/// <see cref="InMemorySingleUseStore"/> (one instance), <see cref="DistributedCacheSingleUseStore"/> (any
/// <c>IDistributedCache</c>, with a race across instances), and <c>RedisSingleUseStore</c> in the
/// <c>IronSeal.StackExchangeRedis</c> package (atomic).
/// </summary>
public interface ISingleUseStore
{
    /// <summary>
    /// Records <paramref name="key"/> for <paramref name="lifetime"/> unless it is recorded already, in one atomic step
    /// across every instance sharing the store: <see langword="true"/> for exactly one caller per key and lifetime.
    /// </summary>
    /// <param name="key">The key, prefix included.</param>
    /// <param name="lifetime">How long the key stays recorded; positive.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when this call recorded the key; <see langword="false"/> when it was recorded already.</returns>
    /// <exception cref="IronSealStoreException">The store failed; whether the key is recorded is unknown, so the caller must not use the token.</exception>
    ValueTask<bool> TryAddAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken = default);
}
