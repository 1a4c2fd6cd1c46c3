using Microsoft.Extensions.Caching.Distributed;

namespace IronSeal.AspNetCore.Tests.Support;


/// <summary>A cache that is down: every call times out.</summary>
internal sealed class FailingCache : IDistributedCache
{
    public byte[]? Get(string key) => throw new TimeoutException("down");

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Task.FromException<byte[]?>(new TimeoutException("down"));

    public void Refresh(string key) => throw new TimeoutException("down");

    public Task RefreshAsync(string key, CancellationToken token = default) => Task.FromException(new TimeoutException("down"));

    public void Remove(string key) => throw new TimeoutException("down");

    public Task RemoveAsync(string key, CancellationToken token = default) => Task.FromException(new TimeoutException("down"));

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => throw new TimeoutException("down");

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) => Task.FromException(new TimeoutException("down"));
}
