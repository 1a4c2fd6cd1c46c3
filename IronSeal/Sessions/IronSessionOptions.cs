using System.Text.Json;

namespace IronSeal;

/// <summary>
/// How <see cref="IronSession"/> reads and writes a session cookie: what iron-session calls its session options.
/// </summary>
/// <remarks>
/// <para>
/// Options are checked the first time they are used (by <see cref="IronSession.GetAsync{T}(ICookieStore, IronSessionOptions, CancellationToken)"/>
/// or <see cref="IronSession{T}.UpdateConfig"/>); a mistake throws an <see cref="ArgumentException"/> that says what to
/// change. Register them once at start-up and a misconfiguration stops the app at its first request, or earlier with
/// <see cref="Validate"/>.
/// </para>
/// <para>
/// Immutable and thread-safe: build one instance at start-up and share it across all requests. The validated form of
/// the options (cookie attributes, chunk names) is worked out once per instance, so a new instance per request pays
/// for that work again.
/// </para>
/// </remarks>
public sealed record IronSessionOptions
{
    /// <summary>The cookie name, e.g. <c>"myapp_session"</c>. Required. Printable ASCII without spaces, <c>;</c> or <c>=</c>.</summary>
    public required string CookieName { get; init; }

    /// <summary>The passwords: a string (id <c>"1"</c>) or a set with ids for rotation. Required; each at least 32 characters.</summary>
    public required PasswordSet Password { get; init; }

    /// <summary>How long a session lives after its last save. Default 14 days (iron-session's 1 209 600 s).</summary>
    /// <value>
    /// <see cref="TimeSpan.Zero"/> means "as long as possible": seals never expire and the cookie's Max-Age is
    /// 2 147 483 647 s. Unless <see cref="CookieAttributes.MaxAge"/> is set, the cookie's Max-Age is the ttl minus 60 s
    /// (so the browser drops it before the server would refuse it), or the whole ttl when the ttl is 60 s or less.
    /// </value>
    public TimeSpan Ttl { get; init; } = SealOptions.DefaultTtl;

    /// <summary>
    /// The cookie's attributes. Default <see cref="DefaultCookie"/>: <c>HttpOnly</c>, <c>Secure</c>, <c>SameSite=Lax</c>,
    /// <c>Path=/</c>, as iron-session. To change one, start from the default:
    /// <c>Cookie = IronSessionOptions.DefaultCookie with { Domain = "example.com" }</c> (a new
    /// <see cref="CookieAttributes"/> has every flag off).
    /// </summary>
    /// <remarks>Leave <see cref="CookieAttributes.MaxAge"/> unset to derive it from <see cref="Ttl"/>.</remarks>
    public CookieAttributes Cookie { get; init; } = DefaultCookie;

    /// <summary>The clock for expirations. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>JSON settings for the reflection-based overloads; <see langword="null"/> means <see cref="JsonSerializerDefaults.Web"/>.</summary>
    public JsonSerializerOptions? JsonSerializerOptions { get; init; }

    /// <summary>
    /// Told why a session cookie did not open (the session is then empty). <see cref="SealException.Reason"/> is
    /// <see cref="SealError.Expired"/>, <see cref="SealError.UnknownPasswordId"/> (e.g. a password was retired), or
    /// another reason for a cookie that is invalid (tampered, truncated, foreign). Log it; never echo it to the client.
    /// </summary>
    public Action<SealException>? OnUnsealError { get; init; }

    /// <summary>
    /// Told when a session shared with another app does not line up, though nothing was attacked: a cookie that opened
    /// but whose data does not fit the type, or in which none of the type's members were found, or two cookies of the
    /// session's name in one request (<see cref="SessionWarningKind"/>). Called on every occurrence; log it, once per
    /// <see cref="SessionWarning.Cause"/> is enough (the ASP.NET Core adapter does so at Warning).
    /// </summary>
    public Action<SessionWarning>? OnWarning { get; init; }

    /// <summary>
    /// Split sessions too big for one cookie across up to four cookies <c>name.0</c> … <c>name.3</c>, in iron-session
    /// 9's format (<c>chunk: true</c>), for sessions up to about 16 KB. Default <see langword="false"/>: a session over
    /// 4096 bytes throws on save. Chunked cookies are read whatever this setting.
    /// </summary>
    public bool Chunking { get; init; }

    /// <summary>
    /// Rolling sessions: a session read with less than half its ttl left is due for renewal
    /// (<see cref="IronSession{T}.IsRenewalDue"/>), and adapters re-save it before the response starts. A user active at
    /// least once per half-ttl stays signed in; an idle one is signed out after the ttl. Default <see langword="false"/>.
    /// </summary>
    public bool Rolling { get; init; }

    /// <summary>
    /// Write the cookie without <c>Max-Age</c> or <c>Expires</c>, so the browser drops it when it closes (iron-session's
    /// <c>cookieOptions: { maxAge: undefined }</c>). The seal inside still expires after <see cref="Ttl"/>, so a cookie
    /// kept by a browser that restores sessions stops working then. Default <see langword="false"/>. Cannot be combined
    /// with <see cref="CookieAttributes.MaxAge"/> or <see cref="CookieAttributes.Expires"/> in <see cref="Cookie"/>.
    /// </summary>
    public bool BrowserSessionCookie { get; init; }

    /// <summary>
    /// The longest a session may live from its first save, however often it is renewed or re-saved; <see langword="null"/>
    /// (the default) for no limit. With <see cref="Rolling"/>, a stolen cookie can otherwise be kept alive forever by
    /// replaying it every half-ttl; with this set, every seal expires by the first issue plus this lifetime, and a
    /// session past it reads as empty (<see cref="OnUnsealError"/> is told <see cref="SealError.Expired"/>).
    /// </summary>
    /// <remarks>
    /// The first-issue time (<see cref="IronSession{T}.IssuedAt"/>) is kept inside the sealed data of every session, as
    /// the top-level member <c>"_ironseal_iat"</c> (ms since the epoch), so every server reads the same value. A Node app sharing the cookie sees that member in its session
    /// object and, saving the session as usual, keeps it; a session saved by an app that dropped it starts a new
    /// lifetime at its next save here. A sign-in (<see cref="IronSession{T}.Restart"/>) starts the lifetime again, at the
    /// sign-in rather than at the user's first visit as a guest.
    /// </remarks>
    public TimeSpan? AbsoluteLifetime { get; init; }

    /// <summary>
    /// Read seals without iron-session's <c>~2</c> in next-iron-session's pre-v6 layout (see
    /// <see cref="SealOptions.LegacyPersistentLayout"/>). Default <see langword="false"/>; opt in only while migrating.
    /// </summary>
    public bool LegacyPersistentLayout { get; init; }

    /// <summary>iron-session's default cookie attributes: <c>HttpOnly</c>, <c>Secure</c>, <c>SameSite=Lax</c>, <c>Path=/</c>.</summary>
    public static CookieAttributes DefaultCookie { get; } = new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = IronSeal.SameSite.Lax,
        Path = "/",
    };

    /// <summary>Checks the options now (they are checked at first use anyway).</summary>
    /// <exception cref="ArgumentException">Something must change; the message says what.</exception>
    public void Validate() => IronSessionFormat.For(this);
}
