using IronSeal;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers IronSeal's <see cref="SingleUseGuard"/> with ASP.NET Core.</summary>
public static class IronSealSingleUseServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="SingleUseGuard"/> (a singleton) over the app's <see cref="IDistributedCache"/>, with the
    /// <see cref="TimeProvider"/> registered in DI (else the system clock).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets key prefix and retention (<see cref="SingleUseGuardOptions"/>).</param>
    /// <returns>The service collection.</returns>
    /// <remarks>
    /// When no <see cref="IDistributedCache"/> is registered yet, this adds the in-memory one
    /// (<c>AddDistributedMemoryCache()</c>): right for one instance, useless for several, as each would remember only its
    /// own uses. For several instances register a shared cache, e.g. <c>AddStackExchangeRedisCache(…)</c> or
    /// <c>AddDistributedSqlServerCache(…)</c>; before or after this call, as those add their cache unconditionally and the
    /// last registration wins.
    /// </remarks>
    public static IServiceCollection AddIronSealSingleUse(this IServiceCollection services, Action<SingleUseGuardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(descriptor => descriptor.ServiceType == typeof(IDistributedCache) && !descriptor.IsKeyedService))
        {
            services.AddDistributedMemoryCache();
        }

        OptionsBuilder<SingleUseGuardOptions> options = services.AddOptions<SingleUseGuardOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(static provider => new SingleUseGuard(
            provider.GetRequiredService<IDistributedCache>(),
            provider.GetRequiredService<IOptions<SingleUseGuardOptions>>().Value,
            provider.GetService<TimeProvider>()));
        return services;
    }
}
