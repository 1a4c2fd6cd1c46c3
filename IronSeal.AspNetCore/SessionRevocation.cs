using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace IronSeal;

/// <summary>
/// Revokes sessions before they expire, on every instance of the app: one session (a stolen cookie), or every session
/// of a user issued until now ("sign out everywhere"). Sessions stay in their cookies and are read without a lookup;
/// each instance asks the shared <see cref="ISessionRevocationStore"/> about a session at most once per
/// <see cref="SessionRevocationOptions.CheckInterval"/>. A revoked session reads as empty in every request (the
/// authentication scheme sees an anonymous user), is logged (event 8, <c>SessionRevoked</c>) and counted in the
/// <c>IronSeal</c> meter (<c>ironseal.sessions.revoked</c>). Register it with <c>AddIronSessionRevocation&lt;T&gt;(…)</c>
/// or <c>AddH3SessionRevocation&lt;T&gt;(…)</c>, and take it from DI.
/// </summary>
/// <remarks>
/// <para>
/// Records are kept only as long as a session they revoke could still be presented: the longest ttl of the covered
/// session types, bounded by <see cref="IronSessionOptions.AbsoluteLifetime"/>, plus
/// <see cref="SessionRevocationOptions.ExpiryMargin"/>. A revoked session is never renewed, so no copy of it outlives that.
/// </para>
/// <para>
/// An iron-session session is named by <see cref="IronSession{T}.SessionId"/> and dated by
/// <see cref="IronSession{T}.IssuedAt"/>; an h3 session by its <c>id</c> and <c>createdAt</c>. A session signed in by a
/// Node app that does not stamp <c>_ironseal_iat</c> (docs/revocation.md) has no issue time: a revocation of its user
/// refuses it whenever it was issued.
/// </para>
/// </remarks>
public sealed class SessionRevocation
{
    private const int MaxCached = 100_000;

    /// <summary>The reason <see cref="CheckAsync"/> gives when the store failed and the policy refuses.</summary>
    internal const string StoreUnavailable = "store_unavailable";

    private readonly SessionRevocationOptions _options;
    private readonly IRevocableSession[] _types;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _clock;
    private readonly ILogger? _logger;
    private readonly ConcurrentDictionary<string, Cached> _cache = new(StringComparer.Ordinal);
    private long _lastFailureLogged = long.MinValue; // ms since the epoch: an outage is logged once per s_failureLogInterval, counted always

    /// <summary>How often a store that keeps failing is logged (every failure is counted in the meter).</summary>
    private static readonly TimeSpan s_failureLogInterval = TimeSpan.FromSeconds(10);

    internal SessionRevocation(
        ISessionRevocationStore store, SessionRevocationOptions options, IEnumerable<IRevocableSession> types, IServiceProvider services, TimeProvider? clock, ILogger? logger)
    {
        if (options.CheckInterval < TimeSpan.Zero || options.CheckInterval > SessionRevocationOptions.MaxCheckInterval)
        {
            throw new InvalidOperationException(
                $"IronSeal: SessionRevocationOptions.CheckInterval is {options.CheckInterval}; it must lie between zero (ask the store on every request) and one hour (default one second).");
        }

        if (options.ExpiryMargin < TimeSpan.Zero || options.ExpiryMargin > TimeSpan.FromDays(1))
        {
            throw new InvalidOperationException($"IronSeal: SessionRevocationOptions.ExpiryMargin is {options.ExpiryMargin}; it must lie between zero and one day (default 5 minutes).");
        }

        if (string.IsNullOrEmpty(options.KeyPrefix))
        {
            throw new InvalidOperationException("IronSeal: SessionRevocationOptions.KeyPrefix is empty; leave it unset for \"ironseal:revoked:\", which Node apps enforcing the same revocations use too.");
        }

        Store = store;
        _options = options;
        _types = [.. types];
        _services = services;
        _clock = clock ?? TimeProvider.System;
        _logger = logger;
    }

    /// <summary>The store the revocations are kept in.</summary>
    public ISessionRevocationStore Store { get; }

    internal IReadOnlyList<IRevocableSession> Types => _types;

    /// <summary>At start-up, after the session settings were validated: refuses a covered session type that never expires.</summary>
    internal void CheckLifetimes() => _ = MaxLifetime();

    /// <summary>Revokes the session with the id <paramref name="sessionId"/> (<see cref="IronSession{T}.SessionId"/>, <see cref="H3Session{T}.Id"/>) on every instance.</summary>
    /// <param name="sessionId">The session's id.</param>
    /// <param name="cancellationToken">Passed to the store.</param>
    /// <returns>A task that completes once the store holds the revocation (this instance refuses the session from then on; others within the check interval).</returns>
    /// <exception cref="ArgumentException"><paramref name="sessionId"/> is null or empty.</exception>
    /// <exception cref="IronSealStoreException">The store failed; the session is not revoked.</exception>
    public ValueTask RevokeSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        return RevokeAsync(SessionKey(sessionId), cancellationToken);
    }

    /// <summary>Revokes <paramref name="session"/> (by its <see cref="IronSession{T}.SessionId"/>); nothing to do for a session never saved.</summary>
    /// <typeparam name="T">The session data.</typeparam>
    /// <param name="session">The session, typically the request's.</param>
    /// <param name="cancellationToken">Passed to the store.</param>
    /// <returns>A task that completes once the store holds the revocation.</returns>
    /// <exception cref="IronSealStoreException">The store failed; the session is not revoked.</exception>
    public ValueTask RevokeAsync<T>(IronSession<T> session, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.SessionId is { } id ? RevokeAsync(SessionKey(id), cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Revokes <paramref name="session"/> (by its <see cref="H3Session{T}.Id"/>); nothing to do for a new session.</summary>
    /// <typeparam name="T">The session's <c>data</c> type.</typeparam>
    /// <param name="session">The session, typically the request's.</param>
    /// <param name="cancellationToken">Passed to the store.</param>
    /// <returns>A task that completes once the store holds the revocation.</returns>
    /// <exception cref="IronSealStoreException">The store failed; the session is not revoked.</exception>
    public ValueTask RevokeAsync<T>(H3Session<T> session, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.IsNew ? ValueTask.CompletedTask : RevokeAsync(SessionKey(session.Id), cancellationToken);
    }

    /// <summary>
    /// Signs <paramref name="userId"/> out everywhere: revokes every session of that user (as the user-id mapping of each
    /// covered session type names it) issued until now, in every browser and on every instance. Sessions issued after
    /// this call (a new sign-in) are not affected.
    /// </summary>
    /// <param name="userId">The user's id, as the mapping given to <c>AddIronSessionRevocation&lt;T&gt;</c> returns it.</param>
    /// <param name="cancellationToken">Passed to the store.</param>
    /// <returns>A task that completes once the store holds the revocation.</returns>
    /// <exception cref="ArgumentException"><paramref name="userId"/> is null or empty.</exception>
    /// <exception cref="IronSealStoreException">The store failed; nothing is revoked.</exception>
    public ValueTask RevokeUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return RevokeAsync(UserKey(userId), cancellationToken);
    }

    /// <summary>Revokes the session a revocation check was about (its id as the request carried it, even if the check restarted it).</summary>
    internal ValueTask RevokeAsync(RevocationSubject subject, CancellationToken cancellationToken) =>
        subject.SessionId is { } id ? RevokeAsync(SessionKey(id), cancellationToken) : ValueTask.CompletedTask;

    private async ValueTask RevokeAsync(string key, CancellationToken cancellationToken)
    {
        await Store.RevokeAsync(key, _clock.GetUtcNow(), MaxLifetime() + _options.ExpiryMargin, cancellationToken).ConfigureAwait(false);
        _cache.Clear(); // this instance sees its own revocations at once
    }

    /// <summary>
    /// Why the session must be refused (<c>session</c>, <c>user</c> or <c>store_unavailable</c>), or null to accept it:
    /// from this instance's copy when it was read within the check interval, else from the store.
    /// </summary>
    internal async ValueTask<string?> CheckAsync(RevocationSubject subject, CancellationToken cancellationToken)
    {
        (string cookieName, string? sessionId, string? userId, DateTimeOffset? issuedAt) = subject;
        if (sessionId is null && userId is null)
        {
            return null;
        }

        string cacheKey = sessionId + "\n" + userId;
        DateTimeOffset now = _clock.GetUtcNow();
        if (!(_options.CheckInterval > TimeSpan.Zero && _cache.TryGetValue(cacheKey, out Cached record) && now - record.ReadAt < _options.CheckInterval))
        {
            string[] keys = sessionId is null ? [UserKey(userId!)] : userId is null ? [SessionKey(sessionId)] : [SessionKey(sessionId), UserKey(userId)];
            try
            {
                IReadOnlyList<DateTimeOffset?> found = await Store.GetAsync(keys, cancellationToken).ConfigureAwait(false);
                record = new Cached(sessionId is null ? null : found[0], userId is null ? null : found[^1], now);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                bool refuse = _options.OnStoreFailure == RevocationFailurePolicy.Refuse;
                RevocationMetrics.StoreFailed(cookieName, refuse);
                long last = Interlocked.Read(ref _lastFailureLogged);
                if (_logger is not null && (last == long.MinValue || now.ToUnixTimeMilliseconds() - last >= s_failureLogInterval.TotalMilliseconds)
                    && Interlocked.CompareExchange(ref _lastFailureLogged, now.ToUnixTimeMilliseconds(), last) == last)
                {
                    SessionLog.RevocationStoreFailed(
                        _logger, exception, cookieName, refuse ? "the session is refused (SessionRevocationOptions.OnStoreFailure = Refuse)" : "the session is accepted unchecked (OnStoreFailure = Accept)");
                }

                return refuse ? Refused(cookieName, StoreUnavailable, "the revocation store is unavailable, so the session could not be checked") : null;
            }

            if (_options.CheckInterval > TimeSpan.Zero)
            {
                if (_cache.Count >= MaxCached)
                {
                    _cache.Clear();
                }

                _cache[cacheKey] = record;
            }
        }

        if (_lastFailureLogged != long.MinValue)
        {
            Interlocked.Exchange(ref _lastFailureLogged, long.MinValue); // the store answers again: the next outage is logged at once
        }

        if (record.Session is not null)
        {
            return Refused(cookieName, "session", "the session was revoked");
        }

        return record.User is { } revokedAt && (issuedAt is null || issuedAt < revokedAt)
            ? Refused(cookieName, "user", "every session of its user issued before " + revokedAt.ToString("O", CultureInfo.InvariantCulture) + " was revoked")
            : null;
    }

    private string Refused(string cookieName, string reason, string detail)
    {
        RevocationMetrics.Revoked(cookieName, reason);
        if (_logger is not null)
        {
            SessionLog.SessionRevoked(_logger, cookieName, detail);
        }

        return reason;
    }

    private string SessionKey(string sessionId) => _options.KeyPrefix + "session:" + sessionId;

    private string UserKey(string userId) => _options.KeyPrefix + "user:" + userId;

    /// <summary>The longest any covered session can still be presented from now.</summary>
    private TimeSpan MaxLifetime()
    {
        TimeSpan longest = TimeSpan.Zero;
        foreach (IRevocableSession type in _types)
        {
            TimeSpan lifetime = type.Lifetime(_services);
            longest = lifetime > longest ? lifetime : longest;
        }

        return longest;
    }

    private readonly record struct Cached(DateTimeOffset? Session, DateTimeOffset? User, DateTimeOffset ReadAt);
}
