using StackExchange.Redis;

namespace IronSeal;

/// <summary>What counts as Redis failing (unreachable, timed out, an error reply), and the store exception it becomes.</summary>
internal static class RedisFailure
{
    public static bool Is(Exception exception) => exception is RedisException or TimeoutException;

    public static IronSealStoreException Wrap(Exception exception, string operation) =>
        new($"Redis failed while {operation} ({exception.GetType().Name}: {exception.Message}).", exception);
}
