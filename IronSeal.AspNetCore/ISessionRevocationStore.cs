namespace IronSeal;

/// <summary>
/// Where <see cref="SessionRevocation"/> keeps revoked sessions and users, shared by every instance of an app (and by
/// Node apps that enforce the same revocations: docs/revocation.md gives the keys and values). Implementations:
/// <see cref="InMemoryRevocationStore"/> (one instance), <see cref="DistributedCacheRevocationStore"/> (any
/// <c>IDistributedCache</c>), and <c>RedisRevocationStore</c> in the <c>IronSeal.StackExchangeRedis</c> package.
/// </summary>
public interface ISessionRevocationStore
{
    /// <summary>Records that what <paramref name="key"/> names was revoked at <paramref name="revokedAt"/>, for <paramref name="lifetime"/>; replaces an earlier record of the key.</summary>
    /// <param name="key">The key, prefix included.</param>
    /// <param name="revokedAt">When it was revoked.</param>
    /// <param name="lifetime">How long the record is kept: as long as a session it revokes could still be presented.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the record is stored.</returns>
    /// <exception cref="IronSealStoreException">The store failed; the record may not be stored.</exception>
    ValueTask RevokeAsync(string key, DateTimeOffset revokedAt, TimeSpan lifetime, CancellationToken cancellationToken = default);

    /// <summary>When each of <paramref name="keys"/> was revoked, in one round trip: <see langword="null"/> where it is not.</summary>
    /// <param name="keys">The keys, prefix included.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One entry per key, in order.</returns>
    /// <exception cref="IronSealStoreException">The store failed.</exception>
    ValueTask<IReadOnlyList<DateTimeOffset?>> GetAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default);
}
