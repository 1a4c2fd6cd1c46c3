namespace IronSeal;

/// <summary>
/// Lets a token be used once across every instance of an app: records the <see cref="Unsealed{T}.SealId"/> of each
/// token used in an <see cref="ISingleUseStore"/> shared by the instances, until the token would have expired anyway.
/// What a magic link or a password-reset link needs on top of <see cref="SealOptions.Purpose"/> and a short ttl.
/// Register it with <c>builder.Services.AddIronSealSingleUse()</c>.
/// </summary>
/// <remarks>
/// <para>
/// Open the token first (<see cref="Iron.Open{T}(string, SealOptions)"/>), then call
/// <see cref="TryUseAsync{T}(Unsealed{T}, CancellationToken)"/>: only tokens that opened reach the store, so forged
/// tokens cannot fill it, and what it holds is bounded by the tokens the app issued.
/// </para>
/// <para>
/// Exactly one use passes when the store is atomic (<see cref="InMemorySingleUseStore"/> for one instance,
/// <c>RedisSingleUseStore</c> for several). Over <see cref="DistributedCacheSingleUseStore"/>, two instances presenting
/// the same token within one cache round trip can both pass; see that class.
/// </para>
/// <para>
/// A store that fails throws <see cref="IronSealStoreException"/>: the token is then not accepted (fail closed), and the
/// caller answers with an error page that says to try again. The guard is thread-safe; register one per app.
/// </para>
/// </remarks>
public sealed class SingleUseGuard
{
    private readonly ISingleUseStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly string _keyPrefix;
    private readonly TimeSpan _expiryMargin;
    private readonly TimeSpan _retentionWithoutExpiry;

    /// <summary>Creates a guard over <paramref name="store"/>.</summary>
    /// <param name="store">Where used ids are recorded; shared by every instance of the app.</param>
    /// <param name="options">Key prefix and retention; <see langword="null"/> for the defaults. Read once, here.</param>
    /// <param name="timeProvider">The clock deciding how long to remember an id; <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentException">An option is out of range; the message says which.</exception>
    public SingleUseGuard(ISingleUseStore store, SingleUseGuardOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new SingleUseGuardOptions();
        if (options.KeyPrefix is null)
        {
            throw new ArgumentException("SingleUseGuardOptions.KeyPrefix must not be null; leave it unset for \"ironseal:used:\".", nameof(options));
        }

        if (options.ExpiryMargin < TimeSpan.Zero || options.ExpiryMargin > SingleUseGuardOptions.MaxExpiryMargin)
        {
            throw new ArgumentException(
                $"SingleUseGuardOptions.ExpiryMargin is {options.ExpiryMargin}; it must lie between zero and one day (default 5 minutes).", nameof(options));
        }

        if (options.RetentionWithoutExpiry <= TimeSpan.Zero || options.RetentionWithoutExpiry > SingleUseGuardOptions.MaxRetention)
        {
            throw new ArgumentException(
                $"SingleUseGuardOptions.RetentionWithoutExpiry is {options.RetentionWithoutExpiry}; it must be positive and at most 100 years (default 14 days).", nameof(options));
        }

        _store = store;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _keyPrefix = options.KeyPrefix;
        _expiryMargin = options.ExpiryMargin;
        _retentionWithoutExpiry = options.RetentionWithoutExpiry;
    }

    /// <summary>The store the guard records uses in.</summary>
    public ISingleUseStore Store => _store;

    /// <summary>
    /// Marks a token as used: <see langword="true"/> the first time its id is presented, <see langword="false"/> on every
    /// later call (from any instance sharing the store) until the token has expired.
    /// </summary>
    /// <param name="sealId">The token's <see cref="Unsealed{T}.SealId"/> (or any other id that is the same for every spelling of the token).</param>
    /// <param name="expiresAt">The token's <see cref="Unsealed{T}.ExpiresAt"/>: the id is remembered until then plus
    /// <see cref="SingleUseGuardOptions.ExpiryMargin"/>; <see langword="null"/> (never expires): for
    /// <see cref="SingleUseGuardOptions.RetentionWithoutExpiry"/>.</param>
    /// <param name="cancellationToken">Passed to the store.</param>
    /// <returns>
    /// <see langword="true"/> when the token may be used now; <see langword="false"/> when it was used before, when the
    /// same id is being recorded by another request at this moment, or when it expired more than the margin ago (a token
    /// the guard could no longer remember is never accepted).
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="sealId"/> is null or empty.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the id may or may not be marked.</exception>
    /// <exception cref="IronSealStoreException">The store failed; the token must not be used (answer "try again").</exception>
    public ValueTask<bool> TryUseAsync(string sealId, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sealId);
        cancellationToken.ThrowIfCancellationRequested();

        TimeSpan remember = expiresAt is { } expiration
            ? expiration - _timeProvider.GetUtcNow() + _expiryMargin
            : _retentionWithoutExpiry;
        if (remember <= TimeSpan.Zero)
        {
            return ValueTask.FromResult(false);
        }

        return _store.TryAddAsync(_keyPrefix + sealId, remember < SingleUseGuardOptions.MaxRetention ? remember : SingleUseGuardOptions.MaxRetention, cancellationToken);
    }

    /// <summary>
    /// Marks an opened token as used: <see langword="true"/> the first time, <see langword="false"/> afterwards.
    /// The same as <see cref="TryUseAsync(string, DateTimeOffset?, CancellationToken)"/> with the token's
    /// <see cref="Unsealed{T}.SealId"/> and <see cref="Unsealed{T}.ExpiresAt"/>.
    /// </summary>
    /// <typeparam name="T">The token's data.</typeparam>
    /// <param name="token">What <see cref="Iron.Open{T}(string, SealOptions)"/> returned.</param>
    /// <param name="cancellationToken">Passed to the store.</param>
    /// <returns><see langword="true"/> when the token may be used now.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is null.</exception>
    public ValueTask<bool> TryUseAsync<T>(Unsealed<T> token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        return TryUseAsync(token.SealId, token.ExpiresAt, cancellationToken);
    }
}
