using System.Net;

namespace IronSeal.Samples.HttpListener;

/// <summary>An <see cref="ICookieStore"/> for <see cref="System.Net.HttpListener"/>: one instance per request.</summary>
public sealed class HttpListenerCookieStore(HttpListenerContext context) : ICookieStore
{
    /// <inheritdoc/>
    /// <remarks>"" when the request has none. (On Linux, HttpListener keeps only the last <c>Cookie</c> header a request sends.)</remarks>
    public string RequestCookieHeader { get; } = context.Request.Headers["Cookie"] ?? "";

    /// <inheritdoc/>
    public void Set(string name, ReadOnlySpan<char> value, CookieAttributes attributes) =>
        context.Response.AppendHeader("Set-Cookie", CookieSerializer.Serialize(name, value, attributes));
}
