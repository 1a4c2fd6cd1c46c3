using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;

namespace IronSeal;

/// <summary>
/// Seals data into an <c>Fe26.2</c> string (encrypted with AES-256-CBC, signed with HMAC-SHA256, keys derived from a
/// password) and opens such strings: what iron-session calls <c>sealData</c> and <c>unsealData</c>. Seals are
/// wire-compatible with iron-session 8 and 9, iron-webcrypto and @hapi/iron in both directions.
/// </summary>
/// <remarks>
/// <para>
/// A seal is URL- and cookie-safe text, so it also serves as a magic-link or password-reset token. It hides and
/// protects the data and carries an expiration, but it cannot be revoked before that: see <c>docs/seal-format.md</c>.
/// </para>
/// <para>
/// The async methods exist for symmetry with iron-session and for callers in async pipelines; the work is CPU-bound
/// and a few microseconds long, so they complete synchronously.
/// </para>
/// <para>All members are thread-safe.</para>
/// </remarks>
public static class Iron
{
    private const string ReflectionMessage =
        "Reflection-based JSON serialization; use the overload that takes a JsonTypeInfo<T> for trimming and native AOT.";

    /// <summary>Seals <paramref name="data"/> as JSON (reflection-based; see <see cref="SealOptions.JsonSerializerOptions"/>).</summary>
    /// <typeparam name="T">The type of the data.</typeparam>
    /// <param name="data">What to seal.</param>
    /// <param name="options">Passwords, lifetime and clock.</param>
    /// <returns>The seal: <c>Fe26.2*id*…*…~2</c>, ASCII only, safe in cookies and URLs.</returns>
    /// <exception cref="ArgumentException">The options are unusable, e.g. the password set has a non-integer id.</exception>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public static string Seal<T>(T data, SealOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Seal(data, JsonPayload.GetTypeInfo<T>(options.JsonSerializerOptions), options);
    }

    /// <summary>Seals <paramref name="data"/> as JSON written by source-generated metadata (trimming- and AOT-safe).</summary>
    /// <typeparam name="T">The type of the data.</typeparam>
    /// <param name="data">What to seal.</param>
    /// <param name="jsonTypeInfo">How to write <typeparamref name="T"/>, e.g. <c>MyJsonContext.Default.MyData</c>.</param>
    /// <param name="options">Passwords, lifetime and clock. <see cref="SealOptions.JsonSerializerOptions"/> is not used.</param>
    /// <returns>The seal.</returns>
    /// <exception cref="ArgumentException">The options are unusable, e.g. the password set has a non-integer id.</exception>
    public static string Seal<T>(T data, JsonTypeInfo<T> jsonTypeInfo, SealOptions options) =>
        Seal(data, jsonTypeInfo, options, state: 0, SealCodec.ToText);

    /// <summary>As above, handing the seal to <paramref name="finish"/> as ASCII bytes instead of making a string of it.</summary>
    internal static TResult Seal<T, TState, TResult>(T data, JsonTypeInfo<T> jsonTypeInfo, SealOptions options, TState state, SealTextHandler<TState, TResult> finish)
    {
        ArgumentNullException.ThrowIfNull(jsonTypeInfo);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        long ttl = options.GetTtlMilliseconds();
        // Measure now before any other work, as iron does.
        long now = options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        using JsonPayload.JsonLease json = JsonPayload.Write(data, jsonTypeInfo);
        return SealCodec.Seal(json.Bytes, options.EffectivePassword.GetSealingEntry(), ttl == 0 ? 0 : now + ttl, options.IronSessionMarker, SealFormat.IronIterations, state, finish);
    }

    /// <inheritdoc cref="Seal{T}(T, SealOptions)"/>
    /// <param name="data">What to seal.</param>
    /// <param name="options">Passwords, lifetime and clock.</param>
    /// <param name="cancellationToken">Checked once before the work starts.</param>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public static ValueTask<string> SealAsync<T>(T data, SealOptions options, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Seal(data, options));
    }

    /// <inheritdoc cref="Seal{T}(T, JsonTypeInfo{T}, SealOptions)"/>
    /// <param name="data">What to seal.</param>
    /// <param name="jsonTypeInfo">How to write <typeparamref name="T"/>.</param>
    /// <param name="options">Passwords, lifetime and clock.</param>
    /// <param name="cancellationToken">Checked once before the work starts.</param>
    public static ValueTask<string> SealAsync<T>(T data, JsonTypeInfo<T> jsonTypeInfo, SealOptions options, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Seal(data, jsonTypeInfo, options));
    }

    /// <summary>Opens a seal and reads its JSON as <typeparamref name="T"/> (reflection-based).</summary>
    /// <typeparam name="T">The type to read.</typeparam>
    /// <param name="seal">A seal from IronSeal, iron-session (with or without <c>~2</c>), iron-webcrypto or @hapi/iron.</param>
    /// <param name="options">The passwords and the clock; <see cref="SealOptions.Ttl"/> is ignored (the seal carries its expiration).</param>
    /// <returns>The data. A seal holding <c>null</c> or nothing reads as <c>{}</c>, as in iron-session.</returns>
    /// <exception cref="SealException">The seal did not open; <see cref="SealException.Reason"/> says why. No other exception is thrown for any seal text.</exception>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public static T Unseal<T>(string seal, SealOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Unseal(seal, JsonPayload.GetTypeInfo<T>(options.JsonSerializerOptions), options);
    }

    /// <summary>Opens a seal and reads its JSON with source-generated metadata (trimming- and AOT-safe).</summary>
    /// <typeparam name="T">The type to read.</typeparam>
    /// <param name="seal">The seal.</param>
    /// <param name="jsonTypeInfo">How to read <typeparamref name="T"/>.</param>
    /// <param name="options">The passwords and the clock.</param>
    /// <returns>The data.</returns>
    /// <exception cref="SealException">The seal did not open; <see cref="SealException.Reason"/> says why.</exception>
    public static T Unseal<T>(string seal, JsonTypeInfo<T> jsonTypeInfo, SealOptions options)
    {
        SealError? error = TryUnsealCore(seal, jsonTypeInfo, options, out T? value, out SealException? detail, out _);
        return error is null ? value! : throw SealException.For(error.Value, detail);
    }

    /// <inheritdoc cref="Unseal{T}(string, SealOptions)"/>
    /// <param name="seal">The seal.</param>
    /// <param name="options">The passwords and the clock.</param>
    /// <param name="cancellationToken">Checked once before the work starts.</param>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public static ValueTask<T> UnsealAsync<T>(string seal, SealOptions options, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Unseal<T>(seal, options));
    }

    /// <inheritdoc cref="Unseal{T}(string, JsonTypeInfo{T}, SealOptions)"/>
    /// <param name="seal">The seal.</param>
    /// <param name="jsonTypeInfo">How to read <typeparamref name="T"/>.</param>
    /// <param name="options">The passwords and the clock.</param>
    /// <param name="cancellationToken">Checked once before the work starts.</param>
    public static ValueTask<T> UnsealAsync<T>(string seal, JsonTypeInfo<T> jsonTypeInfo, SealOptions options, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Unseal(seal, jsonTypeInfo, options));
    }

    /// <summary>
    /// Opens a seal and also tells its identity and expiration (reflection-based JSON): what a single-use check needs.
    /// </summary>
    /// <typeparam name="T">The type to read.</typeparam>
    /// <param name="seal">The seal.</param>
    /// <param name="options">The passwords, purpose and clock.</param>
    /// <returns>The data, <see cref="Unsealed{T}.SealId"/> and <see cref="Unsealed{T}.ExpiresAt"/>.</returns>
    /// <exception cref="SealException">The seal did not open; <see cref="SealException.Reason"/> says why.</exception>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public static Unsealed<T> Open<T>(string seal, SealOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Open(seal, JsonPayload.GetTypeInfo<T>(options.JsonSerializerOptions), options);
    }

    /// <summary>Opens a seal and also tells its identity and expiration (source-generated JSON).</summary>
    /// <typeparam name="T">The type to read.</typeparam>
    /// <param name="seal">The seal.</param>
    /// <param name="jsonTypeInfo">How to read <typeparamref name="T"/>.</param>
    /// <param name="options">The passwords, purpose and clock.</param>
    /// <returns>The data, <see cref="Unsealed{T}.SealId"/> and <see cref="Unsealed{T}.ExpiresAt"/>.</returns>
    /// <exception cref="SealException">The seal did not open; <see cref="SealException.Reason"/> says why.</exception>
    public static Unsealed<T> Open<T>(string seal, JsonTypeInfo<T> jsonTypeInfo, SealOptions options)
    {
        SealError? error = TryUnsealCore(seal, jsonTypeInfo, options, out T? value, out SealException? detail, out long expiresAt);
        return error is null ? Unsealed<T>.Create(seal, value!, expiresAt) : throw SealException.For(error.Value, detail);
    }

    /// <summary>
    /// How every <see cref="Iron"/> entry opens a seal: returns null with the value, or why it did not open (with the JSON error's
    /// exception in <paramref name="detail"/> when there is one). <paramref name="expiresAt"/> is the seal's
    /// expiration in ms since the epoch (0: never) when it opened.
    /// </summary>
    internal static SealError? TryUnsealCore<T>(
        ReadOnlySpan<char> seal, JsonTypeInfo<T> jsonTypeInfo, SealOptions options, out T? value, out SealException? detail, out long expiresAt)
    {
        ArgumentNullException.ThrowIfNull(jsonTypeInfo);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        value = default;
        detail = null;
        expiresAt = 0;
        long now = options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        SealError? error = SealCodec.TryOpen(seal, options.EffectivePassword, now, options.ClockSkewMilliseconds, out Plaintext plaintext);
        if (error is not null)
        {
            return error;
        }

        using (plaintext)
        {
            expiresAt = plaintext.ExpiresAt;
            return plaintext.TryRead(jsonTypeInfo, options.LegacyPersistentLayout, out detail, out value);
        }
    }
}
