using System.Text.Json;

namespace IronSeal;

/// <summary>
/// How <see cref="H3Session"/> reads and writes the session of an h3 app (Nuxt, Nitro, nuxt-auth-utils): h3's
/// <c>SessionConfig</c>, with the same names and defaults. Set every value the Node app sets, the same way.
/// </summary>
/// <remarks>
/// <para>
/// Checked the first time they are used (or by <see cref="Validate"/>): a mistake throws an
/// <see cref="ArgumentException"/> that says what to change. Immutable and thread-safe: build one at start-up and share it.
/// </para>
/// <para>
/// nuxt-auth-utils configures h3 with <c>Name = "nuxt-session"</c>, the password from <c>NUXT_SESSION_PASSWORD</c> and
/// <c>SameSite=Lax</c>, and no <c>maxAge</c> unless <c>runtimeConfig.session.maxAge</c> is set: see <see cref="ForNuxtAuthUtils"/>.
/// </para>
/// </remarks>
public sealed record H3SessionOptions
{
    /// <summary>h3's default session name (and cookie name): <c>"h3"</c>.</summary>
    public const string DefaultName = "h3";

    /// <summary>nuxt-auth-utils' session name: <c>"nuxt-session"</c>.</summary>
    public const string NuxtAuthUtilsName = "nuxt-session";

    /// <summary>h3 2.x's PBKDF2 round count (its iron defaults); h3 1.x uses iron's one round.</summary>
    internal const int V2Iterations = 8192;

    /// <summary>The session name, which is the cookie name (h3's <c>name</c>). Default <c>"h3"</c>.</summary>
    public string Name { get; init; } = DefaultName;

    /// <summary>
    /// The password (h3's <c>password</c>; in Nuxt, <c>NUXT_SESSION_PASSWORD</c>). Required; at least 32 characters.
    /// </summary>
    /// <remarks>
    /// Give the same string as the Node app: h3 seals with an empty password id and, given a string, opens a seal of any
    /// id with it. A string here does the same. A <see cref="PasswordSet"/> with ids seals with its highest id, which an
    /// h3 app configured with one string still opens; use one only to rotate the .NET side.
    /// </remarks>
    public required PasswordSet Password { get; init; }

    /// <summary>The h3 major version of the Node app. Default <see cref="H3Version.V1"/> (what Nuxt 3 and 4 run).</summary>
    public H3Version Version { get; init; } = H3Version.V1;

    /// <summary>
    /// The session's absolute lifetime, in whole seconds (h3's <c>maxAge</c>, a number of seconds there);
    /// <see langword="null"/> (the default) for none.
    /// </summary>
    /// <remarks>
    /// h3 refuses a session whose <c>createdAt</c> is more than <c>maxAge</c> in the past, however recently it was saved;
    /// every save seals with a ttl of <c>maxAge</c> from now, and writes the cookie with
    /// <c>Expires = createdAt + maxAge</c> (no <c>Max-Age</c>). Without it the seal never expires and the cookie lasts
    /// until the browser closes.
    /// </remarks>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>
    /// h3 2.x only: how long a session may go unused, in whole seconds (h3's <c>idleTimeout</c>); <see langword="null"/>
    /// (the default) for no limit.
    /// </summary>
    /// <remarks>
    /// Each save records <c>lastSeenAt</c>; a session whose <c>lastSeenAt</c> (or <c>createdAt</c>) is more than this in the
    /// past is refused. A session read from the cookie with more than half of it gone is re-saved at once, as h3 does.
    /// The cookie's <c>Expires</c> is the earlier of <c>createdAt + MaxAge</c> and <c>lastSeenAt + IdleTimeout</c>.
    /// </remarks>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>
    /// The cookie's attributes (h3's <c>cookie</c>, laid over its defaults); <see langword="null"/> (the default) for
    /// h3's defaults: <see cref="DefaultCookie"/> of <see cref="Version"/>.
    /// </summary>
    /// <remarks>
    /// Start from the default to change one: <c>H3SessionOptions.DefaultCookie(H3Version.V1) with { SameSite = SameSite.Lax }</c>.
    /// Leave <see cref="CookieAttributes.Expires"/> unset to have it worked out from <see cref="MaxAge"/> and
    /// <see cref="IdleTimeout"/>, as h3 does; a <see cref="CookieAttributes.MaxAge"/> set here is written on every save
    /// (and, in 1.x, on a clear), as h3 writes <c>cookie.maxAge</c>.
    /// </remarks>
    public CookieAttributes? Cookie { get; init; }

    /// <summary>
    /// The request header h3 also reads the sealed session from, before the cookie (h3's <c>sessionHeader</c>).
    /// <see langword="null"/> (the default): <c>x-{name}-session</c> with the name lower-cased, as h3. Empty: read no header
    /// (h3's <c>sessionHeader: false</c>). Read only when <see cref="H3Session.GetAsync{T}(ICookieStore, H3SessionOptions, Func{string, string?}?, CancellationToken)"/>
    /// is given a header reader.
    /// </summary>
    public string? SessionHeader { get; init; }

    /// <summary>The clock for <c>createdAt</c>, <c>lastSeenAt</c> and expiry. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>JSON settings for the reflection-based overloads; <see langword="null"/> means <see cref="JsonSerializerDefaults.Web"/>.</summary>
    public JsonSerializerOptions? JsonSerializerOptions { get; init; }

    /// <summary>
    /// Told why a session did not open (the session is then a new, empty one): <see cref="SealError.Expired"/> for a seal
    /// past its expiration or a session past <see cref="MaxAge"/> or <see cref="IdleTimeout"/>, <see cref="SealError.BadMac"/>
    /// for a tampered or foreign one, <see cref="SealError.InvalidJson"/> for an envelope that is not h3's. Log it; never echo it.
    /// </summary>
    public Action<SealException>? OnUnsealError { get; init; }

    /// <summary>
    /// Told when a session shared with another app does not line up, though nothing was attacked: a cookie that opened
    /// but whose data does not fit the type, or in which none of the type's members were found, or two cookies of the
    /// session's name in one request (<see cref="SessionWarningKind"/>). Called on every occurrence; log it, once per
    /// <see cref="SessionWarning.Cause"/> is enough (the ASP.NET Core adapter does so at Warning).
    /// </summary>
    public Action<SessionWarning>? OnWarning { get; init; }

    /// <summary>h3's cookie defaults: <c>Path=/</c>, <c>Secure</c>, <c>HttpOnly</c>; h3 2.x adds <c>SameSite=Lax</c>.</summary>
    /// <param name="version">The h3 major version.</param>
    /// <returns>New attributes (records: change one with <c>with</c>).</returns>
    public static CookieAttributes DefaultCookie(H3Version version) => new()
    {
        Path = "/",
        Secure = true,
        HttpOnly = true,
        SameSite = version == H3Version.V2 ? IronSeal.SameSite.Lax : null,
    };

    /// <summary>
    /// The options nuxt-auth-utils gives h3: name <c>"nuxt-session"</c>, h3's cookie defaults with <c>SameSite=Lax</c>.
    /// Add <see cref="MaxAge"/> when <c>runtimeConfig.session.maxAge</c> is set, and a <see cref="Cookie"/> with
    /// <c>Secure = false</c> only if the Nuxt app turns <c>secure</c> off (plain-HTTP development).
    /// </summary>
    /// <param name="password">The Nuxt app's <c>NUXT_SESSION_PASSWORD</c>.</param>
    /// <param name="version">The h3 major version the Nuxt app runs (Nuxt 3 and 4: <see cref="H3Version.V1"/>).</param>
    /// <returns>The options.</returns>
    public static H3SessionOptions ForNuxtAuthUtils(PasswordSet password, H3Version version = H3Version.V1) => new()
    {
        Name = NuxtAuthUtilsName,
        Password = password,
        Version = version,
        Cookie = DefaultCookie(version) with { SameSite = IronSeal.SameSite.Lax },
    };

    /// <summary>Checks the options now (they are checked at first use anyway).</summary>
    /// <exception cref="ArgumentException">Something must change; the message says what.</exception>
    public void Validate() => H3SessionFormat.For(this);
}
