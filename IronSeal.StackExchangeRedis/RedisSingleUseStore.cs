using StackExchange.Redis;

namespace IronSeal;

/// <summary>
/// An <see cref="ISingleUseStore"/> on Redis: one atomic <c>SET key 1 NX PX lifetime</c> per use, so exactly one of
/// any number of concurrent uses of a token passes, on however many instances. Registered by
/// <c>services.AddIronSealRedis(…)</c>.
/// </summary>
/// <param name="redis">The connection; with <c>AbortOnConnectFail=false</c> it reconnects by itself after an outage.</param>
public sealed class RedisSingleUseStore(IConnectionMultiplexer redis) : ISingleUseStore
{
    private static readonly RedisValue s_used = 1;

    private readonly IConnectionMultiplexer _redis = redis ?? throw new ArgumentNullException(nameof(redis));

    /// <inheritdoc />
    public async ValueTask<bool> TryAddAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        try
        {
            return await _redis.GetDatabase().StringSetAsync(key, s_used, lifetime, when: When.NotExists).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (RedisFailure.Is(exception))
        {
            throw RedisFailure.Wrap(exception, "marking a token as used; the token was not accepted");
        }
    }
}
