using System.Text.Json;
using IronSeal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.AspNetCore.Http;

/// <summary>Reads the request's IronSeal session.</summary>
public static class IronSessionHttpContextExtensions
{
    /// <summary>
    /// The request's session of <typeparamref name="T"/>: read from the cookie on the first call, the same instance on
    /// every later call in the request. A bad or expired cookie gives an empty session, never an exception. With
    /// rolling sessions on, a session due for renewal is re-issued just before the response starts.
    /// </summary>
    /// <typeparam name="T">The type registered with <c>AddIronSession&lt;T&gt;()</c>.</typeparam>
    /// <param name="context">The request.</param>
    /// <param name="cancellationToken">Checked before the work starts.</param>
    /// <returns>The session.</returns>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> was not registered.</exception>
    public static async ValueTask<IronSession<T>> GetIronSessionAsync<T>(this HttpContext context, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(typeof(IronSession<T>), out object? existing) && existing is IronSession<T> cached)
        {
            return cached;
        }

        IronSessionRegistration<T> registration = context.RequestServices.GetService<IronSessionRegistration<T>>()
            ?? throw new InvalidOperationException(
                $"No IronSeal session of type {typeof(T).Name} is registered. Call builder.Services.AddIronSession<{typeof(T).Name}>() at start-up.");
        IronSessionOptions options = context.RequestServices.GetRequiredService<IronSessionOptionsProvider<T>>().Options;

        IronSession<T> session = await registration.Open(new HttpContextCookieStore(context), options, cancellationToken).ConfigureAwait(false);
        context.Items[typeof(IronSession<T>)] = session;
        // A renewal goes into the response headers, so it is registered only while they can still change; it re-issues
        // the data as read (never unsaved changes), and a failure is logged, never thrown into the response.
        if (session.IsRenewalDue && !context.Response.HasStarted)
        {
            context.Response.OnStarting(static state => Renew((HttpContext)state!), context);
        }

        return session;

        static async Task Renew(HttpContext context)
        {
            try
            {
                if (context.Items.TryGetValue(typeof(IronSession<T>), out object? item) && item is IronSession<T> due)
                {
                    await due.RenewIfDueAsync().ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or JsonException)
            {
                if (context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(IronSessionLog.Category) is { } logger)
                {
                    IronSessionLog.RenewalFailed(logger, exception, typeof(T).Name);
                }
            }
        }
    }
}
