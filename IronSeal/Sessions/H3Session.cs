using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;

namespace IronSeal;

/// <summary>
/// Opens the session of an h3 app (Nuxt, Nitro, nuxt-auth-utils) from a host's cookies: what h3 calls
/// <c>useSession(event, config)</c>. The session is h3's sealed envelope <c>{ id, createdAt, data }</c> (plus
/// <c>lastSeenAt</c> in h3 2.x), so a user signed in on the Node app is signed in here, and the other way round.
/// </summary>
public static class H3Session
{
    private const string ReflectionMessage =
        "Reflection-based JSON serialization; use the overload that takes a JsonTypeInfo<T> for trimming and native AOT.";

    /// <summary>Reads the h3 session and opens it (reflection-based JSON; see <see cref="H3SessionOptions.JsonSerializerOptions"/>).</summary>
    /// <typeparam name="T">The session's <c>data</c>: a class that can be read from <c>{}</c> (a POCO, <see cref="System.Text.Json.Nodes.JsonObject"/>).</typeparam>
    /// <param name="store">The host's cookies.</param>
    /// <param name="options">The h3 session options, matching the Node app's.</param>
    /// <param name="requestHeader">
    /// Reads a request header by its lower-case name, or returns <see langword="null"/>; when given, the sealed session
    /// is first looked for in the header <c>x-{name}-session</c> (<see cref="H3SessionOptions.SessionHeader"/>), as h3 does.
    /// </param>
    /// <param name="cancellationToken">Checked before the work starts.</param>
    /// <returns>
    /// The session. With no session, or one that is tampered, foreign, expired (by its seal, <see cref="H3SessionOptions.MaxAge"/>
    /// or <see cref="H3SessionOptions.IdleTimeout"/>) or not h3's, a new empty session with a new id (not yet written:
    /// <see cref="H3Session{T}.IsNew"/>); never an exception. An h3 2.x session due for its idle renewal, or sealed with
    /// one PBKDF2 round, is re-saved at once through <paramref name="store"/>, as h3 2.x does.
    /// </returns>
    /// <exception cref="ArgumentException">The options need a change; the message says which.</exception>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public static ValueTask<H3Session<T>> GetAsync<T>(
        ICookieStore store, H3SessionOptions options, Func<string, string?>? requestHeader = null, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(options);
        return GetAsync(store, options, JsonPayload.GetTypeInfo<T>(options.JsonSerializerOptions), requestHeader, cancellationToken);
    }

    /// <summary>Reads the h3 session and opens it with source-generated JSON metadata (trimming- and AOT-safe).</summary>
    /// <typeparam name="T">The session's <c>data</c>: a class that can be read from <c>{}</c>.</typeparam>
    /// <param name="store">The host's cookies.</param>
    /// <param name="options">The h3 session options (<see cref="H3SessionOptions.JsonSerializerOptions"/> is not used).</param>
    /// <param name="jsonTypeInfo">How to read and write <typeparamref name="T"/>.</param>
    /// <param name="requestHeader">Reads a request header by its lower-case name; <see langword="null"/> to read cookies only.</param>
    /// <param name="cancellationToken">Checked before the work starts.</param>
    /// <returns>The session; a new empty one when there is no usable session.</returns>
    /// <exception cref="ArgumentException">The options need a change; the message says which.</exception>
    public static ValueTask<H3Session<T>> GetAsync<T>(
        ICookieStore store,
        H3SessionOptions options,
        JsonTypeInfo<T> jsonTypeInfo,
        Func<string, string?>? requestHeader = null,
        CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(jsonTypeInfo);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(H3Session<T>.Open(store, H3SessionFormat.For(options), jsonTypeInfo, requestHeader));
    }
}
