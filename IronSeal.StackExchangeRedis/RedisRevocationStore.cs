using StackExchange.Redis;

namespace IronSeal;

/// <summary>
/// An <see cref="ISessionRevocationStore"/> on Redis: each record is a string key (<c>ironseal:revoked:session:&lt;id&gt;</c>,
/// <c>ironseal:revoked:user:&lt;id&gt;</c>) whose value is the revocation time in milliseconds since the epoch, with the
/// record's lifetime as its expiry (<c>SET key value PX lifetime</c>); a check is one <c>MGET</c>. A Node app reads the
/// same keys (docs/revocation.md). Registered by <c>services.AddIronSealRedis(…)</c>.
/// </summary>
/// <param name="redis">The connection; with <c>AbortOnConnectFail=false</c> it reconnects by itself after an outage.</param>
public sealed class RedisRevocationStore(IConnectionMultiplexer redis) : ISessionRevocationStore
{
    private readonly IConnectionMultiplexer _redis = redis ?? throw new ArgumentNullException(nameof(redis));

    /// <inheritdoc />
    public async ValueTask RevokeAsync(string key, DateTimeOffset revokedAt, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        try
        {
            await _redis.GetDatabase().StringSetAsync(key, RevocationRecord.Format(revokedAt), lifetime).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (RedisFailure.Is(exception))
        {
            throw RedisFailure.Wrap(exception, "recording a revocation");
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<DateTimeOffset?>> GetAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var redisKeys = new RedisKey[keys.Count];
        for (int i = 0; i < redisKeys.Length; i++)
        {
            redisKeys[i] = keys[i];
        }

        RedisValue[] values;
        try
        {
            values = await _redis.GetDatabase().StringGetAsync(redisKeys).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (RedisFailure.Is(exception))
        {
            throw RedisFailure.Wrap(exception, "checking revocations");
        }

        var found = new DateTimeOffset?[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            found[i] = values[i].IsNull ? null : RevocationRecord.Parse((byte[]?)values[i]);
        }

        return found;
    }
}
