using System.Globalization;

namespace IronSeal;

// What a sign-in sets on a session: a fresh start (a new id and issue time), an end of its own, a cookie that ends with the browser.
public sealed partial class IronSession<T>
{
    /// <summary>
    /// The session's id: issued by its first save, kept by every later save and renewal (and by a Node app that re-saves
    /// the data), new after <see cref="Restart"/> (a sign-in). <see langword="null"/> for a session not saved yet, or one
    /// last saved by a Node app that never met .NET. What revocation names a session by.
    /// </summary>
    /// <remarks>
    /// It travels inside the seal as the top-level member <c>"_ironseal_sid"</c>: a random 16-digit integer below 2^53
    /// (exact in JavaScript), written here in decimal.
    /// </remarks>
    public string? SessionId => _id?.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// When the session was first saved (its sign-in, for a session started by <see cref="Restart"/>); kept by every later
    /// save, as the member <c>"_ironseal_iat"</c> (ms since the epoch). <see langword="null"/> before the first save.
    /// </summary>
    public DateTimeOffset? IssuedAt => _issuedAt is { } issuedAt ? DateTimeOffset.FromUnixTimeMilliseconds(issuedAt) : null;

    /// <summary>
    /// An end of this session's own, before its ttl and <see cref="IronSessionOptions.AbsoluteLifetime"/> would end it:
    /// no save carries the seal's expiration or the cookie's Max-Age past it, and it travels inside the seal, so every
    /// later save (a rolling renewal included) keeps it. <see langword="null"/>: none. What a sign-in's
    /// <c>AuthenticationProperties.ExpiresUtc</c> sets.
    /// </summary>
    /// <remarks>It can only shorten the session: a ttl or absolute lifetime that ends first still ends it first.</remarks>
    public DateTimeOffset? EndsAt
    {
        get => _endsAt is { } end ? DateTimeOffset.FromUnixTimeMilliseconds(end) : null;
        set => _endsAt = value?.ToUnixTimeMilliseconds();
    }

    /// <summary>
    /// True for a session whose cookie is written without Max-Age and Expires (the browser drops it when it closes) by
    /// this and every later save, whatever <see cref="IronSessionOptions.BrowserSessionCookie"/> says; it travels inside
    /// the seal. What a sign-in with <c>AuthenticationProperties.IsPersistent = false</c> sets.
    /// </summary>
    public bool IsBrowserSession
    {
        get => _browserSession || _format.Options.BrowserSessionCookie;
        set => _browserSession = value;
    }

    /// <summary>
    /// Starts a new session in place, as a sign-in should: <see cref="Data"/> becomes empty (read from <c>{}</c>) with
    /// nothing kept from the cookie, <see cref="EndsAt"/> and <see cref="IsBrowserSession"/> are cleared, the next save issues a
    /// new <see cref="SessionId"/>, and <see cref="IssuedAt"/> (which <see cref="IronSessionOptions.AbsoluteLifetime"/>
    /// counts from) becomes the next save's time. Nothing is written until
    /// <see cref="SaveAsync"/>. Fill <see cref="Data"/> with the user, and with what should carry over (a guest cart).
    /// </summary>
    /// <remarks>
    /// Signing in over a session someone planted (a guest cookie from another browser) must not inherit what it holds:
    /// hence a fresh start, not an edit of the old data.
    /// </remarks>
    /// <exception cref="SessionDestroyedException">The session was destroyed in this request (a sign-out is terminal).</exception>
    public void Restart()
    {
        if (IsDestroyed)
        {
            throw new SessionDestroyedException();
        }

        _body.Reset();
        (_issuedAt, _id, _endsAt, _browserSession) = default(SessionStamp);
        IsRenewalDue = false;
    }
}
