using System.Text.Json;
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
    private readonly H3SessionConfig _config;
    private readonly JsonTypeInfo<T> _typeInfo;
    private T _data;
    private byte[]? _kept; // data as read, when it holds members T does not model: written back by every save
    private SessionWarning? _doesNotFit; // the cookie opened but its data did not fit T: no save in place

    private H3Session(
        ICookieStore store, H3SessionConfig config, JsonTypeInfo<T> typeInfo, string id, long createdAt, long? lastSeenAt, T data, bool isNew, byte[]? kept = null)
    {
        _kept = kept;
        _store = store;
        _config = config;
        _typeInfo = typeInfo;
        _data = data;
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
        get => _data;
        set
        {
            _data = value ?? throw new ArgumentNullException(nameof(value), "Session data cannot be null; call Clear() to sign out.");
            _kept = null;
            _doesNotFit = null;
        }
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
        EndOf(CreatedAt.ToUnixTimeMilliseconds(), LastSeenAt?.ToUnixTimeMilliseconds()) is { } end ? DateTimeOffset.FromUnixTimeMilliseconds(end) : null;

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
        if (_doesNotFit is { } warning)
        {
            throw new SessionDataDoesNotFitException(warning.CookieName, warning.JsonPath, typeof(T));
        }

        long now = _config.Options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        if (_config.IsV2 && _config.IdleTimeoutMilliseconds != 0)
        {
            LastSeenAt = DateTimeOffset.FromUnixTimeMilliseconds(now);
        }

        Write(now);
        IsNew = false;
        SessionMetrics.Saved(_config.Options.Name);
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
        SessionCookies.ClearH3(_store, _config.Options.Name, _config.Clear, _config.IsV2);
        SessionMetrics.Destroyed(_config.Options.Name);
        _data = CreateEmpty(_typeInfo);
        _kept = null;
        _doesNotFit = null;
        Id = NewId();
        CreatedAt = _config.Options.TimeProvider.GetUtcNow();
        LastSeenAt = null;
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
        CreatedAt = _config.Options.TimeProvider.GetUtcNow();
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
        Data = CreateEmpty(_typeInfo);
        RegenerateId();
    }

    private void Write(long now)
    {
        long createdAt = CreatedAt.ToUnixTimeMilliseconds();
        long? lastSeenAt = LastSeenAt?.ToUnixTimeMilliseconds();
        long ttl = _config.SealTtlMilliseconds;
        CookieAttributes cookie = _config.Cookie;
        if (cookie.Expires is null && EndOf(createdAt, lastSeenAt) is { } expires)
        {
            cookie = cookie with { Expires = DateTimeOffset.FromUnixTimeMilliseconds(expires) };
        }

        using PooledByteWriter json = H3Envelope.Write(Id, createdAt, _data, lastSeenAt, _typeInfo, _kept);
        SealCodec.Seal(
            json.WrittenSpan, _config.Options.Password.GetPlainSealingEntry(), ttl == 0 ? 0 : now + ttl, marker: false, _config.Iterations,
            (_store, _config.Options.Name, cookie, _config.Expire, _config.IsV2), SessionCookies.WriteH3);
    }

    /// <summary>h3's cookie <c>Expires</c>: <c>createdAt + maxAge</c>; in 2.x the earlier of that and <c>(lastSeenAt || createdAt) + idleTimeout</c>.</summary>
    private long? EndOf(long createdAt, long? lastSeenAt)
    {
        long? expires = _config.MaxAgeMilliseconds != 0 ? createdAt + _config.MaxAgeMilliseconds : null;
        if (_config.IsV2 && _config.IdleTimeoutMilliseconds != 0)
        {
            long idle = (lastSeenAt is { } seen && seen != 0 ? seen : createdAt) + _config.IdleTimeoutMilliseconds;
            expires = expires is { } absolute ? Math.Min(absolute, idle) : idle;
        }

        return expires;
    }

    private void Write(long now, bool slide)
    {
        if (slide && _config.IdleTimeoutMilliseconds != 0)
        {
            LastSeenAt = DateTimeOffset.FromUnixTimeMilliseconds(now);
        }

        Write(now);
    }

    /// <summary>An opened envelope; times in ms since the epoch, 0 when absent.</summary>
    private readonly record struct Envelope(string Id, long CreatedAt, long LastSeenAt, T Data, byte[]? Kept, KeptMembers.Found Found);

    /// <summary>A random (version 4) UUID in h3's spelling: lower-case, hyphenated.</summary>
    private static string NewId() => Guid.NewGuid().ToString("D");

    private static T CreateEmpty(JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize("{}"u8, typeInfo)
            ?? throw new InvalidOperationException($"{typeof(T).Name} cannot be read from {{}}; session data types need an empty state.");
}
