using IronSeal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers IronSeal's <see cref="SessionRevocation"/> with ASP.NET Core.</summary>
public static class IronSessionRevocationServiceCollectionExtensions
{
    /// <summary>
    /// Covers the <see cref="IronSession{T}"/> sessions (registered with <c>AddIronSession&lt;T&gt;</c>) with
    /// revocation: every request that carries one is checked before the app's first middleware, and a revoked session
    /// reads as empty everywhere (handlers, the authentication scheme, components). Adds <see cref="SessionRevocation"/>
    /// (a singleton), checked at start-up.
    /// </summary>
    /// <typeparam name="T">The session data.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="userId">The user a session belongs to (e.g. <c>s =&gt; s.User?.Id</c>), for <see cref="SessionRevocation.RevokeUserAsync"/>; <see langword="null"/> to revoke sessions one by one only.</param>
    /// <param name="configure">Sets the check interval, the failure policy and the key prefix (<see cref="SessionRevocationOptions"/>), shared by every covered type.</param>
    /// <returns>The service collection.</returns>
    /// <remarks>
    /// The store is, in this order: the <see cref="ISessionRevocationStore"/> registered in DI (<c>AddIronSealRedis(…)</c>
    /// from IronSeal.StackExchangeRedis); else, when the app registered a shared <see cref="IDistributedCache"/>, a
    /// <see cref="DistributedCacheRevocationStore"/>; else an <see cref="InMemoryRevocationStore"/>, right for one
    /// instance. With revocation on, the authentication scheme's sign-out also revokes the session it ends.
    /// </remarks>
    public static IServiceCollection AddIronSessionRevocation<T>(this IServiceCollection services, Func<T, string?>? userId = null, Action<SessionRevocationOptions>? configure = null)
        where T : class =>
        services.AddRevocation(new RevocableIronSession<T>(userId), configure);

    /// <summary>
    /// Covers the <see cref="H3Session{T}"/> sessions (registered with <c>AddH3Session&lt;T&gt;</c>) with revocation, as
    /// <see cref="AddIronSessionRevocation{T}"/> does for iron-session sessions.
    /// </summary>
    /// <typeparam name="T">The session's <c>data</c> type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="userId">The user a session's data belongs to, for <see cref="SessionRevocation.RevokeUserAsync"/>; <see langword="null"/> for none.</param>
    /// <param name="configure">Sets <see cref="SessionRevocationOptions"/>, shared by every covered type.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddH3SessionRevocation<T>(this IServiceCollection services, Func<T, string?>? userId = null, Action<SessionRevocationOptions>? configure = null)
        where T : class =>
        services.AddRevocation(new RevocableH3Session<T>(userId), configure);

    private static IServiceCollection AddRevocation(this IServiceCollection services, IRevocableSession type, Action<SessionRevocationOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<SessionRevocationOptions> options = services.AddOptions<SessionRevocationOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IRevocableSession), type)); // once per session type
        services.TryAddSingleton(static provider => new SessionRevocation(
            StoreOf(provider),
            provider.GetRequiredService<IOptions<SessionRevocationOptions>>().Value,
            provider.GetServices<IRevocableSession>(),
            provider,
            provider.GetService<TimeProvider>(),
            provider.GetService<ILoggerFactory>()?.CreateLogger(SessionLog.Category)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RevocationStartup>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, RevocationStartupFilter>());
        return services;
    }

    private static ISessionRevocationStore StoreOf(IServiceProvider provider) => SharedStore.Of<ISessionRevocationStore>(
        provider, "Session revocations", static (cache, _) => new DistributedCacheRevocationStore(cache), static clock => new InMemoryRevocationStore(clock));

    /// <summary>
    /// Builds <see cref="SessionRevocation"/> at start-up, so that its settings and the covered types' lifetimes are
    /// checked before the first request: when hosted services start, after the session settings' own validation (whose
    /// messages come first when those are wrong).
    /// </summary>
    private sealed class RevocationStartup(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetRequiredService<SessionRevocation>().CheckLifetimes();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Checks every covered session of the request before the app's own middleware runs.</summary>
    private sealed class RevocationStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            SessionRevocation revocation = app.ApplicationServices.GetRequiredService<SessionRevocation>();
            app.Use(async (context, nextMiddleware) =>
            {
                foreach (IRevocableSession type in revocation.Types)
                {
                    await type.CheckAsync(context, revocation).ConfigureAwait(false);
                }

                await nextMiddleware(context).ConfigureAwait(false);
            });
            next(app);
        };
    }
}
