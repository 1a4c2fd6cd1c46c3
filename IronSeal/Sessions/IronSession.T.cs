using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace IronSeal;

/// <summary>
/// One request's session: typed data read from the session cookie, and the means to save or destroy it. Created by
/// <see cref="IronSession.GetAsync{T}(ICookieStore, IronSessionOptions, CancellationToken)"/>.
/// </summary>
/// <typeparam name="T">The session data.</typeparam>
/// <remarks>
/// An instance belongs to one request and is not thread-safe, like the request itself. Everything it shares with
/// other requests (options, passwords, <see cref="Iron"/>) is immutable and safe to use from any thread.
/// </remarks>
public sealed partial class IronSession<T>
    where T : class
{
    private readonly ICookieStore _store;
    private IronSessionFormat _format;
    private SessionBody<T> _body;
    private byte[]? _emptyJsonAtDestroy;
    private readonly byte[]? _jsonAsRead; // a due session's data as read, for a renewal that must not save unsaved changes
    private long? _issuedAt; // ms since the epoch: the first save (kept in the seal)
    private long? _id; // the session's id, issued at the first save (kept in the seal)
    private long? _endsAt; // ms since the epoch: no save carries the session past it (kept in the seal)
    private bool _browserSession; // every save writes the cookie without Max-Age/Expires (kept in the seal)

    /// <summary>A session; it is due for renewal exactly when it keeps its data as read (<paramref name="jsonAsRead"/>).</summary>
    private IronSession(
        ICookieStore store, IronSessionFormat format, SessionBody<T> body, DateTimeOffset? expiresAt = null, byte[]? jsonAsRead = null, SessionStamp stamp = default)
    {
        _store = store;
        _format = format;
        _body = body;
        ExpiresAt = expiresAt;
        _jsonAsRead = jsonAsRead;
        IsRenewalDue = jsonAsRead is not null;
        (_issuedAt, _id, _endsAt, _browserSession) = stamp;
    }

    /// <summary>The session data. Change it, then call <see cref="SaveAsync"/>; or replace it whole.</summary>
    /// <remarks>
    /// Members of the cookie's JSON that <typeparamref name="T"/> does not model (written by a Node app sharing the
    /// session) are written back by every save while <see cref="Data"/> is changed in place. Setting <see cref="Data"/>
    /// to a new object starts over: the save writes that object alone, as at a sign-in.
    /// </remarks>
    public T Data
    {
        get => _body.Data;
        set => _body.Replace(value, nameof(Destroy));
    }

    /// <summary>When the seal the request carried expires; <see langword="null"/> for a new session or one that never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>
    /// True when <see cref="IronSessionOptions.Rolling"/> is on and the cookie the request carried has less than half its
    /// ttl left: re-save it (or call <see cref="RenewIfDueAsync"/>) before the response starts to keep the user signed in.
    /// </summary>
    public bool IsRenewalDue { get; private set; }

    /// <summary>True once <see cref="Destroy"/> was called: the session is signed out for the rest of this request.</summary>
    public bool IsDestroyed => _emptyJsonAtDestroy is not null;

    /// <summary>True once <see cref="SaveAsync"/> wrote a cookie in this request.</summary>
    public bool IsSaved { get; private set; }

    /// <summary>Seals <see cref="Data"/> with the ttl and writes the cookie (or its chunks) through the store.</summary>
    /// <param name="cancellationToken">Checked before the work starts.</param>
    /// <returns>
    /// A task that completes when the cookie has been handed to the store. The exceptions below, and cancellation, are
    /// reported through this task (the call itself does not throw), as with any asynchronous method.
    /// </returns>
    /// <exception cref="SessionCookieTooLargeException">
    /// The cookie would be over 4096 bytes (and <see cref="IronSessionOptions.Chunking"/> is off, or four chunks are not
    /// enough). Nothing was written.
    /// </exception>
    /// <exception cref="SessionDestroyedException">
    /// The session was destroyed and data was written back into it (a logout cannot be undone by a stray save). Saving a
    /// destroyed, still empty session does nothing.
    /// </exception>
    /// <exception cref="SessionDataDoesNotFitException">
    /// The cookie opened but its data did not fit <typeparamref name="T"/> (it was read as empty), and <see cref="Data"/>
    /// was changed in place: saving would erase what the app that wrote it keeps there. Setting <see cref="Data"/> to a
    /// new object starts over and saves.
    /// </exception>
    /// <exception cref="ResponseAlreadyStartedException">The store's response has started (thrown by adapters' stores).</exception>
    public ValueTask SaveAsync(CancellationToken cancellationToken = default) =>
        SynchronousTask.Run(this, static session => session.Save(), cancellationToken);

    private void Save()
    {
        _body.ThrowIfDoesNotFit();
        if (_emptyJsonAtDestroy is not null)
        {
            if (JsonSerializer.SerializeToUtf8Bytes(_body.Data, _body.TypeInfo).AsSpan().SequenceEqual(_emptyJsonAtDestroy))
            {
                return;
            }

            throw new SessionDestroyedException();
        }

        Write(_body.Data);
        IsSaved = true;
        IsRenewalDue = false;
        SessionMetrics.Saved(_format.CookieName);
    }

    /// <summary>
    /// Seals <paramref name="data"/> with an expiration and a Max-Age that stop at the first of: the ttl from now, the
    /// first issue plus <see cref="IronSessionOptions.AbsoluteLifetime"/>, and <see cref="EndsAt"/>. What outlives this
    /// request (the first-issue time, the end, a browser-session cookie) travels inside the seal as reserved members.
    /// </summary>
    private void Write(T data)
    {
        long now = _format.Now();
        long ttl = _format.TtlMilliseconds;
        long? end = _endsAt;
        long issuedAt = _issuedAt ??= now;
        _id ??= SessionStamp.NewId();
        if (_format.Options.AbsoluteLifetime is { } lifetime)
        {
            end = Math.Min(end ?? long.MaxValue, issuedAt + (long)lifetime.TotalMilliseconds);
        }

        long expiration = ttl == 0 ? end ?? 0 : Math.Min(now + ttl, end ?? long.MaxValue);
        CookieAttributes cookie = _format.Cookie;
        if (_browserSession)
        {
            cookie = cookie with { MaxAge = null, Expires = null };
        }
        else if (end is { } stop && cookie.MaxAge is { } maxAge)
        {
            TimeSpan left = TimeSpan.FromSeconds(Math.Max(1, (stop - now) / 1000));
            cookie = left < maxAge ? cookie with { MaxAge = left } : cookie;
        }

        SessionStamp stamp = new(_issuedAt, _id, _endsAt, _browserSession);
        using JsonPayload.JsonLease json = JsonPayload.WriteSession(data, _body.TypeInfo, _body.Kept, SessionStamp.Prefix, stamp.Members());
        _format.Write(_store, json.Bytes, expiration, cookie);
    }

    /// <summary>
    /// Re-issues a rolling session that is due for renewal, when nothing was saved or destroyed in this request, with
    /// its data <b>as it was read from the cookie</b>: changes the handler made to <see cref="Data"/> without saving them
    /// (a declined payment, a failed validation) are never written. Adapters call it just before the response starts.
    /// </summary>
    /// <param name="cancellationToken">Checked before the work starts.</param>
    /// <returns>True when the cookie was re-issued.</returns>
    /// <exception cref="SessionCookieTooLargeException">Only if the options changed (<see cref="UpdateConfig"/>) so that the data no longer fits.</exception>
    public ValueTask<bool> RenewIfDueAsync(CancellationToken cancellationToken = default) =>
        SynchronousTask.Run(this, static session => session.RenewIfDue(), cancellationToken);

    private bool RenewIfDue()
    {
        if (!IsRenewalDue || IsSaved || IsDestroyed)
        {
            return false;
        }

        Write(JsonSerializer.Deserialize(_jsonAsRead!, _body.TypeInfo)!);
        IsSaved = true;
        IsRenewalDue = false;
        SessionMetrics.Renewed(_format.CookieName);
        return true;
    }

    /// <summary>
    /// Signs out: clears <see cref="Data"/> and tells the browser to delete the cookie (an empty value with
    /// <c>Max-Age=0</c>, same Path and Domain) and any chunks. Terminal for this request, as in iron-session 9.
    /// </summary>
    public void Destroy()
    {
        _body.Reset();
        (_issuedAt, _id, _endsAt, _browserSession) = default(SessionStamp);
        _emptyJsonAtDestroy = JsonSerializer.SerializeToUtf8Bytes(_body.Data, _body.TypeInfo);
        IsRenewalDue = false;
        SessionCookies.Delete(_store, _format);
        SessionMetrics.Destroyed(_format.CookieName);
    }

    /// <summary>
    /// Uses other options for the rest of this request's saves and destroys: another cookie name, ttl, cookie
    /// attributes, or passwords (e.g. to re-seal with a new password). Validated like the originals.
    /// </summary>
    /// <param name="options">The new options.</param>
    /// <exception cref="ArgumentException">The options need a change; the message says which.</exception>
    public void UpdateConfig(IronSessionOptions options) => _format = IronSessionFormat.For(options);

    internal static IronSession<T> Open(ICookieStore store, IronSessionFormat format, JsonTypeInfo<T> typeInfo)
    {
        long now = format.Now();
        if (!SessionReader.TryRead(store, format, typeInfo, format.ReadSeal(store), checkSecond: true, now, out Envelope<T> opened, out SessionWarning? doesNotFit))
        {
            return new IronSession<T>(store, format, new SessionBody<T>(typeInfo, SessionBody<T>.CreateEmpty(typeInfo), doesNotFit: doesNotFit));
        }

        // Only a due session keeps a copy of its data as read: the renewal seals that, not what the handler changed.
        byte[]? jsonAsRead = format.IsRenewalDue(opened.ExpiresAt, now) ? JsonSerializer.SerializeToUtf8Bytes(opened.Data, typeInfo) : null;
        return new IronSession<T>(store, format, new SessionBody<T>(typeInfo, opened.Data, opened.Kept), Unsealed<T>.ToDateTime(opened.ExpiresAt), jsonAsRead, opened.Stamp);
    }
}
