using IronSeal;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers IronSeal's Redis stores with ASP.NET Core.</summary>
public static class IronSealRedisServiceCollectionExtensions
{
    /// <summary>
    /// Keeps used single-use tokens (<see cref="SingleUseGuard"/>) and session revocations (<see cref="SessionRevocation"/>)
    /// in Redis, shared by every instance of the app: registers <see cref="RedisSingleUseStore"/> and
    /// <see cref="RedisRevocationStore"/> over one connection of their own, opened at first use.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">
    /// A StackExchange.Redis configuration string, e.g. <c>redis.internal:6379,password=…,ssl=true</c> (in ASP.NET Core,
    /// <c>builder.Configuration.GetConnectionString("Redis")</c>).
    /// </param>
    /// <returns>The service collection.</returns>
    /// <remarks>
    /// The connection is made with <c>AbortOnConnectFail=false</c> (the app starts, and reconnects by itself, while
    /// Redis is down) and a fail-fast backlog: while Redis is unreachable a command fails at once instead of waiting for
    /// the timeout, so single use refuses the token and revocation applies its failure policy without holding the
    /// request. Call it before or after <c>AddIronSealSingleUse()</c> and <c>AddIronSessionRevocation&lt;T&gt;()</c>.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="configuration"/> is empty or not a valid configuration string.</exception>
    public static IServiceCollection AddIronSealRedis(this IServiceCollection services, string configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"The Redis configuration string is not valid: {exception.Message} (e.g. \"127.0.0.1:6379\" or \"redis.internal:6379,password=…,ssl=true\").", nameof(configuration), exception);
        }

        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return services.AddIronSealRedis(_ => ConnectionMultiplexer.Connect(options));
    }

    /// <summary>
    /// Keeps used single-use tokens and session revocations in Redis over a connection the app makes (one it shares with
    /// its own Redis use, say): registers <see cref="RedisSingleUseStore"/> and <see cref="RedisRevocationStore"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="connection">Makes (or returns) the connection, once, at first use.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddIronSealRedis(this IServiceCollection services, Func<IServiceProvider, IConnectionMultiplexer> connection)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(connection);
        services.AddSingleton(provider => new IronSealRedisConnection(connection(provider)));
        services.AddSingleton<ISingleUseStore>(static provider => new RedisSingleUseStore(provider.GetRequiredService<IronSealRedisConnection>().Redis));
        services.AddSingleton<ISessionRevocationStore>(static provider => new RedisRevocationStore(provider.GetRequiredService<IronSealRedisConnection>().Redis));
        return services;
    }

    /// <summary>The connection both stores share (not registered as <see cref="IConnectionMultiplexer"/>, so it never replaces the app's own).</summary>
    private sealed class IronSealRedisConnection(IConnectionMultiplexer redis)
    {
        public IConnectionMultiplexer Redis { get; } = redis;
    }
}
