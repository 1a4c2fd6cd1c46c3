using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace IronSeal;

/// <summary>
/// The <see cref="ICookieStore"/> of an ASP.NET Core request: reads the request's <c>Cookie</c> headers with
/// <see cref="CookieParser"/> and appends <c>Set-Cookie</c> headers written by <see cref="CookieSerializer"/>, so the
/// cookie is byte-for-byte what iron-session reads and writes (ASP.NET Core's own cookie API would lower-case
/// attributes and escape the value differently).
/// </summary>
/// <remarks>One instance per request; not thread-safe.</remarks>
public sealed class HttpContextCookieStore : ICookieStore
{
    private readonly HttpContext _context;
    private string? _cookieHeader;

    /// <summary>Creates the store for one request.</summary>
    /// <param name="context">The request's context.</param>
    public HttpContextCookieStore(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
    }

    /// <inheritdoc/>
    /// <remarks>Empty when the request has no <c>Cookie</c> header.</remarks>
    public string RequestCookieHeader => _cookieHeader ??= Join(_context.Request.Headers.Cookie);

    /// <summary>
    /// HTTP/2 and HTTP/3 may split cookies over several Cookie headers; they are joined as one header would read. The
    /// usual single header is used as it is: no enumerator, no copy (AdapterBenchmarks/CookieStoreBenchmarks).
    /// </summary>
    private static string Join(StringValues headers) => headers.Count switch
    {
        0 => string.Empty,
        1 => headers[0] ?? string.Empty,
        _ => string.Join("; ", headers.Where(value => value is not null)),
    };

    /// <inheritdoc/>
    /// <exception cref="ResponseAlreadyStartedException">The response has started, so no header can be added any more.</exception>
    public void Set(string name, ReadOnlySpan<char> value, CookieAttributes attributes)
    {
        if (_context.Response.HasStarted)
        {
            throw new ResponseAlreadyStartedException(name);
        }

        _context.Response.Headers.Append(HeaderNames.SetCookie, CookieSerializer.Serialize(name, value, attributes));
    }
}
