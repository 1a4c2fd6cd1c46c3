using IronSeal;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Http;

/// <summary>Reads the request's h3 session (Nuxt's <c>useSession</c>, nuxt-auth-utils).</summary>
public static class H3SessionHttpContextExtensions
{
    /// <summary>
    /// The request's h3 session of <typeparamref name="T"/>: read from the cookie (or h3's <c>x-{name}-session</c>
    /// header) on the first call, the same instance on every later call in the request. A bad, expired or foreign
    /// cookie gives a new empty session, never an exception.
    /// </summary>
    /// <typeparam name="T">The type registered with <c>AddH3Session&lt;T&gt;()</c>.</typeparam>
    /// <param name="context">The request.</param>
    /// <param name="cancellationToken">Checked before the work starts.</param>
    /// <returns>The session.</returns>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> was not registered.</exception>
    public static ValueTask<H3Session<T>> GetH3SessionAsync<T>(this HttpContext context, CancellationToken cancellationToken = default)
        where T : class =>
        RequestContext.SessionOf<H3Session<T>>(
            context,
            static () => $"No h3 session of type {typeof(T).Name} is registered. Call builder.Services.AddH3Session<{typeof(T).Name}>() at start-up.",
            cancellationToken);

    /// <summary>
    /// Opens the h3 session of the request <paramref name="services"/> (a request scope) serves: what the scoped
    /// <see cref="H3Session{T}"/> service is made of, once per request, with the <paramref name="registration"/> the service
    /// was registered with.
    /// </summary>
    internal static H3Session<T> Open<T>(IServiceProvider services, H3SessionRegistration<T> registration)
        where T : class
    {
        HttpContext context = RequestContext.Of(services, static () => $"H3Session<{typeof(T).Name}>");
        H3SessionOptions options = services.GetRequiredService<SessionOptionsProvider<T, H3SessionSettings, H3SessionOptions>>().Options;
        HttpRequest request = context.Request;
        return RequestContext.Opened(registration.Open(
            new HttpContextCookieStore(context), options, name => request.Headers.TryGetValue(name, out var value) ? value.ToString() : null, CancellationToken.None));
    }
}
