using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Distributed;

namespace IronSeal;

/// <summary>
/// Lets a token be used once across every instance of an app: remembers the <see cref="Unsealed{T}.SealId"/> of each
/// token used, in the app's <see cref="IDistributedCache"/> (in-memory for one instance; Redis or SQL Server for several),
/// until the token would have expired anyway. What a magic link or a password-reset link needs on top of
/// <see cref="SealOptions.Purpose"/> and a short ttl. Register it with <c>builder.Services.AddIronSealSingleUse()</c>.
/// </summary>
/// <remarks>
/// <para>
/// Open the token first (<see cref="Iron.TryOpen{T}(string?, SealOptions, out Unsealed{T}?)"/>), then call
/// <see cref="TryUseAsync{T}(Unsealed{T}, CancellationToken)"/>: only tokens that opened reach the cache, so forged
/// tokens cannot fill it, and what it holds is bounded by the tokens the app issued.
/// </para>
/// <para>
/// <b>The race it leaves open.</b> <see cref="IDistributedCache"/> has no atomic "add if absent", so the guard reads the
/// key and then writes it. Within one process the guard serializes uses of the same id (only one of two concurrent
/// uses passes). Across instances, two requests presenting the same token on two instances within the same few
/// milliseconds (the time of one cache round trip) can both pass. For a magic link that means two sign-ins by whoever
/// holds the link at that very moment; where even that matters (a payment, a one-time code), use a store with an atomic
/// add instead (Redis <c>SET NX</c>, a unique key in SQL).
/// </para>
/// <para>
/// Cache failures (Redis unreachable, a timeout) propagate as the cache's exceptions: the token is then neither used nor
/// marked, and the caller answers with an error page (fail closed). The guard is thread-safe; register one per app.
/// </para>
/// </remarks>
public sealed class SingleUseGuard
{
    private static readonly byte[] s_used = [1];

    private readonly IDistributedCache _cache;
    private readonly TimeProvider _timeProvider;
    private readonly string _keyPrefix;
    private readonly TimeSpan _expiryMargin;
    private readonly TimeSpan _retentionWithoutExpiry;
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Creates a guard over <paramref name="cache"/>.</summary>
    /// <param name="cache">Where used ids are remembered; shared by every instance of the app.</param>
    /// <param name="options">Key prefix and retention; <see langword="null"/> for the defaults. Read once, here.</param>
    /// <param name="timeProvider">The clock deciding how long to remember an id; <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentException">An option is out of range; the message says which.</exception>
    public SingleUseGuard(IDistributedCache cache, SingleUseGuardOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(cache);
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

        _cache = cache;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _keyPrefix = options.KeyPrefix;
        _expiryMargin = options.ExpiryMargin;
        _retentionWithoutExpiry = options.RetentionWithoutExpiry;
    }

    /// <summary>
    /// Marks a token as used: <see langword="true"/> the first time its id is presented, <see langword="false"/> on every
    /// later call (from any instance sharing the cache) until the token has expired.
    /// </summary>
    /// <param name="sealId">The token's <see cref="Unsealed{T}.SealId"/> (or any other id that is the same for every spelling of the token).</param>
    /// <param name="expiresAt">The token's <see cref="Unsealed{T}.ExpiresAt"/>: the id is remembered until then plus
    /// <see cref="SingleUseGuardOptions.ExpiryMargin"/>; <see langword="null"/> (never expires): for
    /// <see cref="SingleUseGuardOptions.RetentionWithoutExpiry"/>.</param>
    /// <param name="cancellationToken">Passed to the cache.</param>
    /// <returns>
    /// <see langword="true"/> when the token may be used now; <see langword="false"/> when it was used before, when the
    /// same id is being checked by another request of this process at this moment, or when it expired more than the
    /// margin ago (a token the guard could no longer remember is never accepted).
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="sealId"/> is null or empty.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the id may or may not be marked.</exception>
    /// <remarks>See the class remarks for the narrow race across instances.</remarks>
    public async ValueTask<bool> TryUseAsync(string sealId, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sealId);
        cancellationToken.ThrowIfCancellationRequested();

        TimeSpan remember = expiresAt is { } expiration
            ? expiration - _timeProvider.GetUtcNow() + _expiryMargin
            : _retentionWithoutExpiry;
        if (remember <= TimeSpan.Zero)
        {
            return false;
        }

        string key = _keyPrefix + sealId;
        if (!_inFlight.TryAdd(key, 0))
        {
            return false;
        }

        try
        {
            if (await _cache.GetAsync(key, cancellationToken).ConfigureAwait(false) is not null)
            {
                return false;
            }

            var entry = new DistributedCacheEntryOptions
            {
                AbsoluteExpirationRelativeToNow = remember < SingleUseGuardOptions.MaxRetention ? remember : SingleUseGuardOptions.MaxRetention,
            };
            await _cache.SetAsync(key, s_used, entry, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _inFlight.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// Marks an opened token as used: <see langword="true"/> the first time, <see langword="false"/> afterwards.
    /// The same as <see cref="TryUseAsync(string, DateTimeOffset?, CancellationToken)"/> with the token's
    /// <see cref="Unsealed{T}.SealId"/> and <see cref="Unsealed{T}.ExpiresAt"/>.
    /// </summary>
    /// <typeparam name="T">The token's data.</typeparam>
    /// <param name="token">What <see cref="Iron.Open{T}(string, SealOptions)"/> or <see cref="Iron.TryOpen{T}(string?, SealOptions, out Unsealed{T}?)"/> returned.</param>
    /// <param name="cancellationToken">Passed to the cache.</param>
    /// <returns><see langword="true"/> when the token may be used now.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is null.</exception>
    public ValueTask<bool> TryUseAsync<T>(Unsealed<T> token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        return TryUseAsync(token.SealId, token.ExpiresAt, cancellationToken);
    }
}
