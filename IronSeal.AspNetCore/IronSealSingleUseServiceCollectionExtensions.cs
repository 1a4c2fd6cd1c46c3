using IronSeal;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers IronSeal's <see cref="SingleUseGuard"/> with ASP.NET Core.</summary>
public static class IronSealSingleUseServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="SingleUseGuard"/> (a singleton) over the app's <see cref="ISingleUseStore"/>, with the
    /// <see cref="TimeProvider"/> registered in DI (else the system clock).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets key prefix and retention (<see cref="SingleUseGuardOptions"/>).</param>
    /// <returns>The service collection.</returns>
    /// <remarks>
    /// The store is, in this order: the <see cref="ISingleUseStore"/> registered in DI (<c>AddIronSealRedis(…)</c> from
    /// IronSeal.StackExchangeRedis registers an atomic one; before or after this call); else, when the app registered a
    /// shared <see cref="IDistributedCache"/> (SQL Server, …), a <see cref="DistributedCacheSingleUseStore"/>, whose race
    /// across instances is logged once at start-up (event 7, <c>SingleUseNotAtomic</c>); else an
    /// <see cref="InMemorySingleUseStore"/>, right for one instance.
    /// </remarks>
    public static IServiceCollection AddIronSealSingleUse(this IServiceCollection services, Action<SingleUseGuardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<SingleUseGuardOptions> options = services.AddOptions<SingleUseGuardOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(static provider => new SingleUseGuard(
            StoreOf(provider),
            provider.GetRequiredService<IOptions<SingleUseGuardOptions>>().Value,
            provider.GetService<TimeProvider>()));

        // Built at start-up rather than at the first magic link: the options are checked and the store's race logged then.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SingleUseGuardStartup>());
        return services;
    }

    private static ISingleUseStore StoreOf(IServiceProvider provider) => SharedStore.Of<ISingleUseStore>(
        provider,
        "Used single-use tokens",
        static (cache, logger) =>
        {
            if (logger is not null)
            {
                SessionLog.SingleUseNotAtomic(logger, cache.GetType().Name);
            }

            return new DistributedCacheSingleUseStore(cache);
        },
        static clock => new InMemorySingleUseStore(clock));

    /// <summary>Builds the guard (and picks its store) when the app starts, after the settings' own validation, rather than at the first magic link.</summary>
    private sealed class SingleUseGuardStartup(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = services.GetRequiredService<SingleUseGuard>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
