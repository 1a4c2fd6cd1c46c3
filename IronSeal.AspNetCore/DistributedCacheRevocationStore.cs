using System.Text;
using Microsoft.Extensions.Caching.Distributed;

namespace IronSeal;

/// <summary>
/// An <see cref="ISessionRevocationStore"/> over any <see cref="IDistributedCache"/> (SQL Server, …). Each record is
/// one cache entry whose value is the revocation time in milliseconds since the epoch, as decimal text; a check reads
/// the session's key and the user's key one after the other (the interface has no multi-get).
/// </summary>
/// <param name="cache">The shared cache.</param>
public sealed class DistributedCacheRevocationStore(IDistributedCache cache) : ISessionRevocationStore
{
    private readonly IDistributedCache _cache = cache ?? throw new ArgumentNullException(nameof(cache));

    /// <inheritdoc />
    public async ValueTask RevokeAsync(string key, DateTimeOffset revokedAt, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        byte[] value = Encoding.ASCII.GetBytes(RevocationRecord.Format(revokedAt));
        try
        {
            await _cache.SetAsync(key, value, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new IronSealStoreException($"The distributed cache failed while recording a revocation ({exception.GetType().Name}).", exception);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<DateTimeOffset?>> GetAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();
        var found = new DateTimeOffset?[keys.Count];
        try
        {
            for (int i = 0; i < found.Length; i++)
            {
                found[i] = RevocationRecord.Parse(await _cache.GetAsync(keys[i], cancellationToken).ConfigureAwait(false));
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new IronSealStoreException($"The distributed cache failed while checking revocations ({exception.GetType().Name}).", exception);
        }

        return found;
    }
}
