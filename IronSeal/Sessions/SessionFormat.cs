using System.Text.Json.Serialization.Metadata;

namespace IronSeal;

/// <summary>
/// The one session engine's view of a validated options instance, whatever the format: the cookie's name, the
/// passwords and key rounds, the clock and the sinks, and the parts that differ between iron-session and h3 (the
/// envelope around the data, the key rounds' fallback, the expiry rules, the chunk layout). Made once per options
/// instance; immutable, so shared by every request.
/// </summary>
internal abstract class SessionFormat(
    string cookieName, PasswordSet password, TimeProvider timeProvider, int iterations, bool marker,
    Action<SealException>? onUnsealError, Action<SessionWarning>? onWarning)
{
    /// <summary>The session's cookie (and chunk) name: iron-session's <c>cookieName</c>, h3's <c>name</c>.</summary>
    public string CookieName { get; } = cookieName;

    public PasswordSet Password { get; } = password;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public Action<SealException>? OnUnsealError { get; } = onUnsealError;

    public Action<SessionWarning>? OnWarning { get; } = onWarning;

    /// <summary>PBKDF2 rounds of every seal this format writes (iron-session and h3 1.x: 1; h3 2.x: 8192).</summary>
    public int Iterations { get; } = iterations;

    /// <summary>Rounds a seal that does not verify with <see cref="Iterations"/> is tried with next (h3 2.x: 1); 0 for none.</summary>
    protected virtual int FallbackIterations => 0;

    /// <summary>The clock, in ms since the epoch.</summary>
    public long Now() => TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The seal the request carries: the whole cookie, or its chunks joined in this format's layout; empty for none.</summary>
    public abstract ReadOnlySpan<char> ReadSeal(ICookieStore store);

    /// <summary>Writes a seal as this format's cookie (or chunks) with <paramref name="cookie"/>, expiring the request's stale chunks.</summary>
    /// <exception cref="SessionCookieTooLargeException">The seal does not fit this format's cookies.</exception>
    protected abstract void WriteSeal(ICookieStore store, ReadOnlySpan<char> seal, CookieAttributes cookie);

    /// <summary>
    /// Opens a seal and reads this format's envelope: the data, what the format keeps beside it, and the format's own
    /// expiry rules. Returns why it did not open (with the JSON or expiry detail), or null.
    /// </summary>
    public abstract SealError? TryOpen<T>(ReadOnlySpan<char> seal, JsonTypeInfo<T> typeInfo, long now, out Envelope<T> envelope, out SealException? detail)
        where T : class;

    /// <summary>True when a refusal for <paramref name="detail"/> means the data did not fit the type (not a foreign envelope).</summary>
    public virtual bool DataDidNotFit(SealException? detail) => true;

    /// <summary>
    /// Opens the seal itself with this format's passwords and rounds, then, when the MAC does not verify and the format
    /// has one, with its fallback rounds (<paramref name="fallback"/>: it opened so).
    /// </summary>
    protected SealError? TryOpenSeal(ReadOnlySpan<char> seal, long now, out Plaintext plaintext, out bool fallback)
    {
        long skew = SealOptions.DefaultClockSkew.Ticks / TimeSpan.TicksPerMillisecond;
        SealError? error = SealCodec.TryOpen(seal, Password, now, skew, Iterations, out plaintext);
        fallback = false;
        if (error == SealError.BadMac && FallbackIterations != 0)
        {
            error = SealCodec.TryOpen(seal, Password, now, skew, FallbackIterations, out plaintext);
            fallback = error is null;
        }

        return error;
    }

    /// <summary>Seals <paramref name="json"/> (expiration in ms since the epoch, 0 for none) and writes it with <paramref name="cookie"/>.</summary>
    public void Write(ICookieStore store, ReadOnlySpan<byte> json, long expiration, CookieAttributes cookie)
    {
        SealCodec.Seal(json, Password, plainId: !marker, expiration, marker, Iterations, (Format: this, Store: store, Cookie: cookie), static (ascii, target) =>
            SessionCookies.WithChars(ascii, target, static (seal, t) => t.Format.WriteSeal(t.Store, seal, t.Cookie)));
    }
}
