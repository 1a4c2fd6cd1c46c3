namespace IronSeal;

/// <summary>
/// The attributes of a <c>Set-Cookie</c> header, as the npm <c>cookie</c> package takes them. Every property is
/// optional; unset ones are not written.
/// </summary>
/// <remarks>
/// <para>
/// Written in this order, whatever order they were set in: <c>Max-Age; Domain; Path; Expires; HttpOnly; Secure;
/// Partitioned; Priority; SameSite</c>.
/// </para>
/// <para>
/// <see cref="CookieSerializer"/> refuses combinations that browsers silently drop: <c>SameSite=None</c> or
/// <c>Partitioned</c> without <c>Secure</c>, a <c>__Secure-</c> name without <c>Secure</c>, a <c>__Host-</c> name
/// without <c>Secure</c>, with a <c>Domain</c> or with a <c>Path</c> other than <c>/</c>.
/// </para>
/// </remarks>
public sealed record CookieAttributes
{
    /// <summary>
    /// The hosts the cookie is sent to. Unset: only the host that set it. Must be a host name (labels of letters,
    /// digits and <c>-</c>, optionally one leading dot); written as given.
    /// </summary>
    public string? Domain { get; init; }

    /// <summary>The path prefix the cookie is sent for. Printable ASCII without <c>;</c> and <c>&lt;</c>.</summary>
    public string? Path { get; init; }

    /// <summary>When the browser deletes the cookie (written as an IMF-fixdate in UTC, whole seconds). Year 1601–9999.</summary>
    /// <remarks>When <see cref="MaxAge"/> is also set, browsers use <see cref="MaxAge"/>.</remarks>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>
    /// How long the browser keeps the cookie, written as <b>whole seconds</b> (a fraction of a second is refused).
    /// Zero or negative: delete it now. Unset (and no <see cref="Expires"/>): a browser-session cookie.
    /// </summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>Hide the cookie from JavaScript (<c>document.cookie</c>).</summary>
    public bool HttpOnly { get; init; }

    /// <summary>Send the cookie over HTTPS only (browsers treat http://localhost as secure).</summary>
    public bool Secure { get; init; }

    /// <summary>Key the cookie by the top-level site (CHIPS). Requires <see cref="Secure"/>.</summary>
    public bool Partitioned { get; init; }

    /// <summary>Chromium's eviction priority.</summary>
    public CookiePriority? Priority { get; init; }

    /// <summary>When the cookie goes with cross-site requests. <see cref="IronSeal.SameSite.None"/> requires <see cref="Secure"/>.</summary>
    public SameSite? SameSite { get; init; }
}
