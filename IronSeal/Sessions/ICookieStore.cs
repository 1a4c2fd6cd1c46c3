namespace IronSeal;

/// <summary>
/// A host's cookies, as sessions read and write them: what iron-session calls a cookie store. Every host adapter
/// implements this (ASP.NET Core, <see cref="HeaderCookieStore"/> for raw headers, your own). Both members are
/// required, so a store either implements the contract or does not compile.
/// </summary>
/// <remarks>
/// <para>
/// Sessions read every request cookie (the session's cookie and its chunks) from <see cref="RequestCookieHeader"/> with
/// <see cref="CookieParser"/>, in place and without a copy of the seal. <see cref="Set"/> adds one <c>Set-Cookie</c> to
/// the response; write it with <see cref="CookieSerializer.Serialize(string, ReadOnlySpan{char}, CookieAttributes)"/>, so
/// that the header is exactly what iron-session writes, and append, never replace, earlier <c>Set-Cookie</c> headers.
/// </para>
/// <para>An empty value with <c>MaxAge = 0</c> asks the browser to delete the cookie.</para>
/// </remarks>
public interface ICookieStore
{
    /// <summary>
    /// The request's <c>Cookie</c> header as the client sent it: empty when there is none; several <c>Cookie</c> headers
    /// (as HTTP/2 may send) joined with <c>"; "</c>.
    /// </summary>
    string RequestCookieHeader { get; }

    /// <summary>Sends a cookie with the response.</summary>
    /// <param name="name">The cookie name (already validated).</param>
    /// <param name="value">
    /// The value: a seal, a chunk of one, or empty to delete; valid only during the call (it may be characters in a
    /// buffer, so that a save makes one string, the header).
    /// </param>
    /// <param name="attributes">The attributes to write (already validated).</param>
    void Set(string name, ReadOnlySpan<char> value, CookieAttributes attributes);
}
