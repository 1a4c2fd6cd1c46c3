using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;

namespace IronSeal;

/// <summary>
/// Opens a session from a host's cookies: what iron-session calls <c>getIronSession</c>. Stateless: the data lives
/// in the cookie, sealed; any server with the password reads it.
/// </summary>
public static class IronSession
{
    private const string ReflectionMessage =
        "Reflection-based JSON serialization; use the overload that takes a JsonTypeInfo<T> for trimming and native AOT.";

    /// <summary>Reads the session cookie and opens it (reflection-based JSON; see <see cref="IronSessionOptions.JsonSerializerOptions"/>).</summary>
    /// <typeparam name="T">The session data: a class that can be read from <c>{}</c> (a POCO, a record with defaults, <see cref="System.Text.Json.Nodes.JsonObject"/>).</typeparam>
    /// <param name="store">The host's cookies.</param>
    /// <param name="options">The session options.</param>
    /// <param name="cancellationToken">Checked before the work starts.</param>
    /// <returns>
    /// The session. With no cookie, or one that is tampered, truncated, expired, foreign or sealed with an unknown
    /// password, the session is empty (and <see cref="IronSessionOptions.OnUnsealError"/> is told why): never an exception.
    /// </returns>
    /// <exception cref="ArgumentException">The options need a change; the message says which.</exception>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public static ValueTask<IronSession<T>> GetAsync<T>(ICookieStore store, IronSessionOptions options, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(options);
        return GetAsync(store, options, JsonPayload.GetTypeInfo<T>(options.JsonSerializerOptions), cancellationToken);
    }

    /// <summary>Reads the session cookie and opens it with source-generated JSON metadata (trimming- and AOT-safe).</summary>
    /// <typeparam name="T">The session data: a class that can be read from <c>{}</c>.</typeparam>
    /// <param name="store">The host's cookies.</param>
    /// <param name="options">The session options (<see cref="IronSessionOptions.JsonSerializerOptions"/> is not used).</param>
    /// <param name="jsonTypeInfo">How to read and write <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">Checked before the work starts.</param>
    /// <returns>The session; empty when there is no usable cookie.</returns>
    /// <exception cref="ArgumentException">The options need a change; the message says which.</exception>
    public static ValueTask<IronSession<T>> GetAsync<T>(
        ICookieStore store, IronSessionOptions options, JsonTypeInfo<T> jsonTypeInfo, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(jsonTypeInfo);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(IronSession<T>.Open(store, IronSessionFormat.For(options), jsonTypeInfo));
    }
}
