using System.Net;

namespace IronSeal.Samples.HttpListener;

/// <summary>An <see cref="ICookieStore"/> for <see cref="System.Net.HttpListener"/>: one instance per request.</summary>
public sealed class HttpListenerCookieStore(HttpListenerContext context) : ICookieStore
{
    /// <inheritdoc/>
    public string? Get(string name) => CookieParser.Get(context.Request.Headers["Cookie"], name);

    /// <inheritdoc/>
    public void Set(string name, string value, CookieAttributes attributes) =>
        context.Response.AppendHeader("Set-Cookie", CookieSerializer.Serialize(name, value, attributes));
}
