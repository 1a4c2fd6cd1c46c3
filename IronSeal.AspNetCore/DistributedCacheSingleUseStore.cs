using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Distributed;

namespace IronSeal;

/// <summary>
/// An <see cref="ISingleUseStore"/> over any <see cref="IDistributedCache"/> (SQL Server, Cosmos DB, …), for fleets
/// whose shared cache is not Redis. <b>Not atomic across instances</b>: <see cref="IDistributedCache"/> has no "add if
/// absent", so a key is read and then written, and two instances presenting the same token within one cache round trip
/// can both pass. Within one process, uses of one key are serialized (only one passes). Where that race matters (a
/// payment, a one-time code), use a store with an atomic add: <c>RedisSingleUseStore</c>.
/// <c>AddIronSealSingleUse()</c> picks this store when the app registered a shared <see cref="IDistributedCache"/> and no
/// <see cref="ISingleUseStore"/>, and logs that race once at start-up.
/// </summary>
/// <param name="cache">The shared cache.</param>
public sealed class DistributedCacheSingleUseStore(IDistributedCache cache) : ISingleUseStore
{
    private static readonly byte[] s_used = [1];

    private readonly IDistributedCache _cache = cache ?? throw new ArgumentNullException(nameof(cache));
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async ValueTask<bool> TryAddAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_inFlight.TryAdd(key, 0))
        {
            return false;
        }

        try
        {
            if (await _cache.GetAsync(key, cancellationToken).ConfigureAwait(false) is not null)
            {
                return false;
            }

            await _cache.SetAsync(key, s_used, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new IronSealStoreException($"The distributed cache failed while marking a token as used ({exception.GetType().Name}); the token was not accepted.", exception);
        }
        finally
        {
            _inFlight.TryRemove(key, out _);
        }
    }
}
