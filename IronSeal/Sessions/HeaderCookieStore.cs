namespace IronSeal;

/// <summary>
/// An <see cref="ICookieStore"/> over raw headers, for any host: built from the request's <c>Cookie</c> header, it
/// collects the <c>Set-Cookie</c> header values to send back. This is iron-session's <c>getIronSession(req, res)</c>
/// form for servers that IronSeal has no adapter for.
/// </summary>
/// <example>
/// <code>
/// var store = new HeaderCookieStore(request.Headers["Cookie"]);
/// var session = await IronSession.GetAsync&lt;UserSession&gt;(store, options);
/// session.Data.UserId = "42";
/// await session.SaveAsync();
/// foreach (string header in store.SetCookieHeaders) response.Headers.Add("Set-Cookie", header);
/// </code>
/// </example>
/// <remarks>Not thread-safe: use one instance per request.</remarks>
public sealed class HeaderCookieStore : ICookieStore
{
    private readonly string? _cookieHeader;
    private readonly List<string> _setCookieHeaders = [];

    /// <summary>Creates a store for one request.</summary>
    /// <param name="cookieHeader">
    /// The request's <c>Cookie</c> header, or <see langword="null"/> when it has none. Several <c>Cookie</c> headers (as
    /// HTTP/2 may send) should be joined with <c>"; "</c> first.
    /// </param>
    public HeaderCookieStore(string? cookieHeader)
    {
        _cookieHeader = cookieHeader;
    }

    /// <summary>The <c>Set-Cookie</c> header values written so far, in order: send each as its own header.</summary>
    public IReadOnlyList<string> SetCookieHeaders => _setCookieHeaders;

    /// <inheritdoc/>
    /// <remarks>The request's header only: a cookie set on this store is not in it.</remarks>
    public string RequestCookieHeader => _cookieHeader ?? string.Empty;

    /// <inheritdoc/>
    public void Set(string name, ReadOnlySpan<char> value, CookieAttributes attributes) =>
        _setCookieHeaders.Add(CookieSerializer.Serialize(name, value, attributes));
}
