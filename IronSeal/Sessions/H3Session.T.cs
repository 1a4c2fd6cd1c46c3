using System.Text.Json.Serialization.Metadata;

namespace IronSeal;

/// <summary>
/// One request's h3 session: its id, its timestamps and its typed <c>data</c>, read from the cookie an h3 app (Nuxt,
/// nuxt-auth-utils) wrote or this library wrote for it. Created by
/// <see cref="H3Session.GetAsync{T}(ICookieStore, H3SessionOptions, JsonTypeInfo{T}, Func{string, string?}?, CancellationToken)"/>.
/// </summary>
/// <typeparam name="T">The session's <c>data</c>. nuxt-auth-utils keeps <c>{ user, loggedInAt }</c> there.</typeparam>
/// <remarks>Belongs to one request and is not thread-safe; the options it shares are immutable.</remarks>
public sealed partial class H3Session<T>
    where T : class
{
    private readonly ICookieStore _store;
    private readonly H3SessionFormat _format;
    private SessionBody<T> _body;

    private H3Session(ICookieStore store, H3SessionFormat format, SessionBody<T> body, string id, long createdAt, long? lastSeenAt, bool isNew)
    {
        _store = store;
        _format = format;
        _body = body;
        Id = id;
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(createdAt);
        LastSeenAt = lastSeenAt is { } seen ? DateTimeOffset.FromUnixTimeMilliseconds(seen) : null;
        IsNew = isNew;
    }

    /// <summary>The session's <c>data</c>. Change it, then call <see cref="SaveAsync"/>; or replace it whole.</summary>
    /// <remarks>
    /// Members of <c>data</c> that <typeparamref name="T"/> does not model (written by the Nuxt app) are written back by
    /// every save while <see cref="Data"/> is changed in place. Setting <see cref="Data"/> to a new object starts over:
    /// the save writes that object alone, as at a sign-in.
    /// </remarks>
    public T Data
    {
        get => _body.Data;
        set => _body.Replace(value, nameof(Clear));
    }

    /// <summary>The session's id: a random UUID (h3's <c>crypto.randomUUID()</c>), kept by every save until a clear.</summary>
    public string Id { get; private set; }

    /// <summary>When the session was created (h3's <c>createdAt</c>, ms precision). <see cref="H3SessionOptions.MaxAge"/> counts from here.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>h3 2.x with an idle timeout: when the session was last saved (<c>lastSeenAt</c>); otherwise <see langword="null"/>.</summary>
    public DateTimeOffset? LastSeenAt { get; private set; }

    /// <summary>
    /// When this session ends as every h3 app sees it: <see cref="CreatedAt"/> + <see cref="H3SessionOptions.MaxAge"/>, in
    /// 2.x the earlier of that and the last use + <see cref="H3SessionOptions.IdleTimeout"/>; <see langword="null"/> when neither is set.
    /// </summary>
    public DateTimeOffset? ExpiresAt =>
        _format.EndOf(CreatedAt.ToUnixTimeMilliseconds(), LastSeenAt?.ToUnixTimeMilliseconds()) is { } end ? DateTimeOffset.FromUnixTimeMilliseconds(end) : null;

    /// <summary>
    /// True for a session made in this request (no usable session came with it, or <see cref="Clear"/> was called):
    /// nothing is written until <see cref="SaveAsync"/>. (h3's <c>useSession</c> writes a new session's cookie at once.)
    /// </summary>
    public bool IsNew { get; private set; }

    /// <summary>
    /// Seals the envelope <c>{ id, createdAt, data }</c> (2.x with an idle timeout: <c>lastSeenAt</c> = now) with a ttl of
    /// <see cref="H3SessionOptions.MaxAge"/> (2.x: or <see cref="H3SessionOptions.IdleTimeout"/>) and writes the cookie
    /// as h3's <c>updateSession</c> does, <c>Expires</c> included.
    /// </summary>
    /// <param name="cancellationToken">Checked before the work starts.</param>
    /// <returns>
    /// A task that completes when the cookie has been handed to the store. The exceptions below, and cancellation, are
    /// reported through this task (the call itself does not throw), as with any asynchronous method.
    /// </returns>
    /// <exception cref="SessionCookieTooLargeException">
    /// h3 1.x: the cookie would be over 4096 bytes (h3 1.x does not chunk). h3 2.x: the seal would be over 64 KB.
    /// </exception>
    /// <exception cref="SessionDataDoesNotFitException">
    /// The cookie opened but its <c>data</c> did not fit <typeparamref name="T"/> (it was read as empty), and
    /// <see cref="Data"/> was changed in place: saving would erase what the Nuxt app keeps there. Setting
    /// <see cref="Data"/> to a new object, or <see cref="Clear"/>, starts over.
    /// </exception>
    /// <exception cref="ResponseAlreadyStartedException">The store's response has started (thrown by adapters' stores).</exception>
    public ValueTask SaveAsync(CancellationToken cancellationToken = default) =>
        SynchronousTask.Run(this, static session => session.Save(), cancellationToken);

    private void Save()
    {
        _body.ThrowIfDoesNotFit();
        Write(_format.Now(), slide: _format.IsV2);
        IsNew = false;
        SessionMetrics.Saved(_format.CookieName);
    }

    /// <summary>
    /// Signs out as h3's <c>clearSession</c> does, and starts a new empty session (new id, <see cref="CreatedAt"/> now)
    /// that is written only if <see cref="SaveAsync"/> is called, e.g. to sign someone else in with a fresh id.
    /// </summary>
    /// <remarks>
    /// What goes to the browser is what h3 writes: h3 1.x an empty cookie with the session's attributes and no
    /// <c>Max-Age</c> (a browser keeps it, empty, until it closes; h3 reads it as no session); h3 2.x the same with
    /// <c>Max-Age=0</c>, and <c>Max-Age=0</c> for every chunk the request carried.
    /// </remarks>
    public void Clear()
    {
        SessionCookies.ClearH3(_store, _format.CookieName, _format.Clear, _format.IsV2);
        SessionMetrics.Destroyed(_format.CookieName);
        _body.Reset();
        RegenerateId();
        IsNew = true;
    }

    /// <summary>
    /// Gives the session a new <see cref="Id"/> and sets <see cref="CreatedAt"/> to now, keeping <see cref="Data"/>;
    /// written at the next <see cref="SaveAsync"/>. Call it at sign-in, before saving the user: an app that keys server
    /// state on <see cref="Id"/> must not let a session id planted before sign-in (a guest cookie) follow the user in.
    /// </summary>
    /// <remarks>
    /// Unlike <see cref="Clear"/>, nothing is written now and the data stays: a guest cart set before sign-in is carried
    /// over, on purpose, under the new id. Setting <see cref="Data"/> alone keeps the id.
    /// </remarks>
    public void RegenerateId()
    {
        Id = NewId();
        CreatedAt = _format.TimeProvider.GetUtcNow();
        LastSeenAt = null;
    }

    /// <summary>
    /// Starts a new session in place, as a sign-in should: a new <see cref="Id"/>, <see cref="CreatedAt"/> now, and an
    /// empty <see cref="Data"/> with nothing kept from the cookie. Unlike <see cref="Clear"/>, nothing is written now:
    /// the next <see cref="SaveAsync"/> writes the new session over the old cookie. Fill <see cref="Data"/> with the user,
    /// and with what should carry over (a guest cart).
    /// </summary>
    public void Restart()
    {
        _body.Reset();
        RegenerateId();
    }

    /// <summary>Seals the envelope; with <paramref name="slide"/> (2.x with an idle timeout) <c>lastSeenAt</c> becomes now.</summary>
    private void Write(long now, bool slide)
    {
        if (slide && _format.IdleTimeoutMilliseconds != 0)
        {
            LastSeenAt = DateTimeOffset.FromUnixTimeMilliseconds(now);
        }

        long createdAt = CreatedAt.ToUnixTimeMilliseconds();
        long? lastSeenAt = LastSeenAt?.ToUnixTimeMilliseconds();
        long ttl = _format.SealTtlMilliseconds;
        CookieAttributes cookie = _format.Cookie;
        if (cookie.Expires is null && _format.EndOf(createdAt, lastSeenAt) is { } expires)
        {
            cookie = cookie with { Expires = DateTimeOffset.FromUnixTimeMilliseconds(expires) };
        }

        using PooledByteWriter json = H3Envelope.Write(Id, createdAt, _body.Data, lastSeenAt, _body.TypeInfo, _body.Kept);
        _format.Write(_store, json.WrittenSpan, ttl == 0 ? 0 : now + ttl, cookie);
    }

    /// <summary>A random (version 4) UUID in h3's spelling: lower-case, hyphenated.</summary>
    private static string NewId() => Guid.NewGuid().ToString("D");
}
