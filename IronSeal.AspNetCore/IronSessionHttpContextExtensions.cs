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
    public static ValueTask<IronSession<T>> GetIronSessionAsync<T>(this HttpContext context, CancellationToken cancellationToken = default)
        where T : class =>
        RequestContext.SessionOf<IronSession<T>>(
            context,
            static () => $"No IronSeal session of type {typeof(T).Name} is registered. Call builder.Services.AddIronSession<{typeof(T).Name}>() at start-up.",
            cancellationToken);

    /// <summary>
    /// Opens the session of the request <paramref name="services"/> (a request scope) serves: what the scoped
    /// <see cref="IronSession{T}"/> service is made of, once per request, with the <paramref name="registration"/> the service
    /// was registered with.
    /// </summary>
    internal static IronSession<T> Open<T>(IServiceProvider services, IronSessionRegistration<T> registration)
        where T : class
    {
        HttpContext context = RequestContext.Of(services, static () => $"IronSession<{typeof(T).Name}>");
        IronSessionOptions options = services.GetRequiredService<SessionOptionsProvider<T, IronSessionSettings, IronSessionOptions>>().Options;
        IronSession<T> session = RequestContext.Opened(registration.Open(new HttpContextCookieStore(context), options, CancellationToken.None));

        // A renewal goes into the response headers, so it is registered only while they can still change; it re-issues
        // the data as read (never unsaved changes), and a failure is logged, never thrown into the response.
        if (session.IsRenewalDue && !context.Response.HasStarted)
        {
            context.Response.OnStarting(static state => Renew((RenewalState<T>)state!), new RenewalState<T>(context, session));
        }

        return session;

        static async Task Renew(RenewalState<T> state)
        {
            try
            {
                await state.Session.RenewIfDueAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or JsonException)
            {
                if (state.Context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(SessionLog.Category) is { } logger)
                {
                    SessionLog.RenewalFailed(logger, exception, typeof(T).Name);
                }
            }
        }
    }

    private sealed record RenewalState<T>(HttpContext Context, IronSession<T> Session)
        where T : class;
}
