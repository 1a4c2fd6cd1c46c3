namespace IronSeal;

// What a sign-in sets on a session: a fresh start, an end of its own, a cookie that ends with the browser.
public sealed partial class IronSession<T>
{
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
        get => _browserSession || _config.Options.BrowserSessionCookie;
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

        Data = CreateEmpty(_typeInfo);
        _issuedAt = null;
        _id = null;
        _endsAt = null;
        _browserSession = false;
        IsRenewalDue = false;
    }
}
