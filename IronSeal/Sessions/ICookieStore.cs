namespace IronSeal;

/// <summary>
/// A host's cookies, as <see cref="IronSession"/> reads and writes them: what iron-session calls a cookie store. Every
/// host adapter implements this (ASP.NET Core, <see cref="HeaderCookieStore"/> for raw headers, your own).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Get"/> returns the value the <b>request</b> carried (decoded the way <see cref="CookieParser"/> decodes,
/// first occurrence wins). <see cref="Set(string, string, CookieAttributes)"/> adds one <c>Set-Cookie</c> to the <b>response</b>; an implementation
/// should write it with <see cref="CookieSerializer.Serialize(string, string, CookieAttributes)"/> so that the header is
/// exactly what iron-session writes, and should append, not replace, earlier <c>Set-Cookie</c> headers.
/// </para>
/// <para>An empty value with <c>MaxAge = 0</c> asks the browser to delete the cookie.</para>
/// </remarks>
public interface ICookieStore
{
    /// <summary>The value of the request cookie named <paramref name="name"/>, or <see langword="null"/> when there is none.</summary>
    /// <param name="name">The cookie name, case-sensitive.</param>
    /// <returns>The decoded value, or <see langword="null"/>.</returns>
    string? Get(string name);

    /// <summary>Sends a cookie with the response.</summary>
    /// <param name="name">The cookie name (already validated).</param>
    /// <param name="value">The value: a seal, a chunk of one, or empty to delete.</param>
    /// <param name="attributes">The attributes to write (already validated).</param>
    void Set(string name, string value, CookieAttributes attributes);

    /// <summary>Sends a cookie whose value is characters in a buffer (a seal, or a chunk of one), valid only during the call.</summary>
    /// <param name="name">The cookie name (already validated).</param>
    /// <param name="value">The value.</param>
    /// <param name="attributes">The attributes to write (already validated).</param>
    /// <remarks>
    /// Sessions write every seal (or chunk of one) through this member, and deletions through the string one. The
    /// default makes a string of <paramref name="value"/> and calls
    /// <see cref="Set(string, string, CookieAttributes)"/>. Override it when the store can write the header straight
    /// from the characters, with <see cref="CookieSerializer.Serialize(string, ReadOnlySpan{char}, CookieAttributes)"/>:
    /// a save then allocates one string, the header, instead of the seal and then the header.
    /// </remarks>
    void Set(string name, ReadOnlySpan<char> value, CookieAttributes attributes) => Set(name, value.ToString(), attributes);

    /// <summary>
    /// The request's whole <c>Cookie</c> header as one string, when the store holds it so (empty, not
    /// <see langword="null"/>, when the request has none); <see langword="null"/> (the default) when it does not.
    /// </summary>
    /// <remarks>
    /// When this is not <see langword="null"/>, sessions read every request cookie from it with
    /// <see cref="CookieParser"/> and do not call <see cref="Get"/>: a seal is then read in place, without a copy on
    /// every request, and absent chunk cookies are ruled out with one search. It must be exactly the header that
    /// <see cref="Get"/> reads (several <c>Cookie</c> headers joined with <c>"; "</c>): a header that disagrees with
    /// <see cref="Get"/> gives sessions that header's cookies. Implement it as a public property (a misspelled or
    /// non-public one leaves the default, <see langword="null"/>, which is only slower).
    /// </remarks>
    string? RequestCookieHeader => null;
}
