using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IronSeal;

/// <summary>
/// Where single use and revocation keep their records, chosen the same way for both: the store registered in DI (an
/// atomic one: <c>AddIronSealRedis</c>); else one over the app's shared <see cref="IDistributedCache"/>; else this
/// instance's memory, named in the log at start-up (event 10) so that a fleet that forgot its shared store can see it.
/// </summary>
internal static class SharedStore
{
    /// <param name="provider">The app's services.</param>
    /// <param name="what">What the store keeps, for the log: "Used single-use tokens".</param>
    /// <param name="overCache">Makes the store over a shared cache (and logs what that store must say).</param>
    /// <param name="inMemory">Makes the in-memory store on the app's clock.</param>
    public static TStore Of<TStore>(IServiceProvider provider, string what, Func<IDistributedCache, ILogger?, TStore> overCache, Func<TimeProvider?, TStore> inMemory)
        where TStore : class
    {
        if (provider.GetService<TStore>() is { } store)
        {
            return store;
        }

        ILogger? logger = provider.GetService<ILoggerFactory>()?.CreateLogger(SessionLog.Category);
        if (provider.GetService<IDistributedCache>() is { } cache and not MemoryDistributedCache)
        {
            return overCache(cache, logger);
        }

        TStore memory = inMemory(provider.GetService<TimeProvider>());
        if (logger is not null)
        {
            SessionLog.StoreInMemory(logger, what, memory.GetType().Name);
        }

        return memory;
    }
}
