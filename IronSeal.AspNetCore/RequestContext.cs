using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IronSeal;

/// <summary>
/// The request a request scope belongs to, so that the scoped <c>IronSession&lt;T&gt;</c> and <c>H3Session&lt;T&gt;</c>
/// services can open the session of that request. Set by a first middleware (<see cref="StartupFilter"/>); this
/// replaces <c>IHttpContextAccessor</c>, whose async-local value every request of the app paid for (392 bytes and an
/// execution-context switch per request), for a service lookup on the request scope.
/// </summary>
internal sealed class RequestContext
{
    /// <summary>The request of this scope; null in a scope that no request made.</summary>
    public HttpContext? HttpContext { get; set; }

    /// <summary>Registers the scoped holder and the middleware that fills it, once however many session types there are.</summary>
    public static void Register(IServiceCollection services)
    {
        services.TryAddScoped<RequestContext>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, StartupFilter>());
    }

    /// <summary>The request of the scope <paramref name="provider"/>, or a message that says where the service was resolved wrongly.</summary>
    public static HttpContext Of(IServiceProvider provider, Func<string> service) =>
        provider.GetRequiredService<RequestContext>().HttpContext
            ?? throw new InvalidOperationException(
                $"{service()} is a per-request service: take it in a request handler, controller or page, or call HttpContext.GetIronSessionAsync / GetH3SessionAsync " +
                "(also on a context built by hand whose RequestServices is this scope, as in a test); it cannot be resolved from the root provider or from a scope no request has used.");

    /// <summary>
    /// Tells the holder of the scope <paramref name="services"/> its request, when no middleware has (a context built by
    /// hand, a middleware of the host's own placed before the app's). A scope that already serves another request (one
    /// scope shared by several contexts, or the root provider) is refused: its session service would be that request's.
    /// </summary>
    public static void Attach(IServiceProvider services, HttpContext context)
    {
        if (services.GetService<RequestContext>() is { } holder && !ReferenceEquals(holder.HttpContext ??= context, context))
        {
            throw new InvalidOperationException(
                "This HttpContext's RequestServices already serves another request (a scope shared between contexts, or the root provider), so its session would be that request's. " +
                "Give each request its own scope, as ASP.NET Core does: RequestServices = provider.CreateScope().ServiceProvider.");
        }
    }

    /// <summary>
    /// The request's session service <typeparamref name="TSession"/> (opened on first use, one instance per request):
    /// what <c>GetIronSessionAsync</c> and <c>GetH3SessionAsync</c> return. Failures are reported through the task.
    /// </summary>
    public static ValueTask<TSession> SessionOf<TSession>(HttpContext context, Func<string> notRegistered, CancellationToken cancellationToken)
        where TSession : class
    {
        ArgumentNullException.ThrowIfNull(context);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<TSession>(cancellationToken);
        }

        try
        {
            IServiceProvider services = context.RequestServices
                ?? throw new InvalidOperationException(
                    "HttpContext.RequestServices is null, so the request has no service scope to keep its session in. ASP.NET Core sets it for every request; " +
                    "on a DefaultHttpContext built by hand, set RequestServices to a scope of a provider on which AddIronSession/AddH3Session was called.");
            Attach(services, context);
            return ValueTask.FromResult(services.GetService<TSession>() ?? throw new InvalidOperationException(notRegistered()));
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<TSession>(exception);
        }
    }

    /// <summary>
    /// The session an open returned, for the scoped session services, which DI builds synchronously: opening completes
    /// synchronously (the work is CPU-bound), so the task is only waited on if a registration ever makes it asynchronous.
    /// </summary>
    public static TSession Opened<TSession>(ValueTask<TSession> open) =>
        open.IsCompletedSuccessfully ? open.Result : open.AsTask().GetAwaiter().GetResult();

    /// <summary>Puts the holder's middleware before everything else in the app's pipeline.</summary>
    private sealed class StartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(static (context, nextMiddleware) =>
            {
                context.RequestServices.GetRequiredService<RequestContext>().HttpContext = context;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
