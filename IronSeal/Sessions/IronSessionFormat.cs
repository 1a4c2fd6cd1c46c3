using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Serialization.Metadata;

namespace IronSeal;

/// <summary>
/// The iron-session format of a validated <see cref="IronSessionOptions"/>: the data is the sealed JSON itself, with
/// IronSeal's reserved members beside it (<see cref="SessionStamp"/>); one key round; iron-session 9's chunks; expiry by
/// the seal, the absolute lifetime and the session's own end. Computed once per options instance (by reference;
/// records are immutable).
/// </summary>
internal sealed class IronSessionFormat : SessionFormat
{
    /// <summary>The longest Max-Age iron-session writes (2^31 − 1 s), used when the ttl is zero.</summary>
    public static readonly TimeSpan LongestMaxAge = TimeSpan.FromSeconds(int.MaxValue);

    private static readonly ConditionalWeakTable<IronSessionOptions, IronSessionFormat> s_cache = [];

    private IronSessionFormat(IronSessionOptions options)
        : base(Checked(options).CookieName, options.Password, options.TimeProvider, SealFormat.IronIterations, marker: true, options.OnUnsealError, options.OnWarning)
    {
        Options = options;
        ChunkNames = [.. Enumerable.Range(0, SessionCookies.MaxChunks).Select(index => SessionCookies.ChunkName(options.CookieName, index))];
        Cookie = options.BrowserSessionCookie || options.Cookie.MaxAge is not null ? options.Cookie : options.Cookie with { MaxAge = MaxAgeFor(options.Ttl) };
        Expire = Cookie with { MaxAge = TimeSpan.Zero };
        TtlMilliseconds = options.Ttl.Ticks / TimeSpan.TicksPerMillisecond;

        // Serializing an empty cookie checks the name and every attribute, browser rules included, with the
        // serializer's own messages; what it writes after "name=" is the attribute part every save carries.
        try
        {
            string empty = CookieSerializer.Serialize(options.CookieName, string.Empty, Cookie);
            AttributeBytes = Encoding.UTF8.GetByteCount(empty) - Encoding.UTF8.GetByteCount(options.CookieName) - 1;
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"IronSessionOptions.Cookie/CookieName: {exception.Message}", nameof(options), exception);
        }
    }

    private static IronSessionOptions Checked(IronSessionOptions options)
    {
        if (string.IsNullOrEmpty(options.CookieName))
        {
            throw new ArgumentException("IronSessionOptions.CookieName is missing: name the session cookie, e.g. \"myapp_session\".", nameof(options));
        }

        if (options.Password is null)
        {
            throw new ArgumentException("IronSessionOptions.Password is missing: give a password of at least 32 random characters, from configuration, not source.", nameof(options));
        }

        if (options.Password.SealingId is null)
        {
            throw new ArgumentException(
                $"IronSessionOptions.Password cannot seal: its ids must be integers such as \"1\", \"2\" (the highest seals). It has {options.Password}.",
                nameof(options));
        }

        if (options.Ttl < TimeSpan.Zero || (options.Ttl > TimeSpan.Zero && options.Ttl < TimeSpan.FromSeconds(1)))
        {
            throw new ArgumentException($"IronSessionOptions.Ttl is {options.Ttl}: use TimeSpan.Zero (the longest) or at least one second.", nameof(options));
        }

        if (options.Cookie is null || options.TimeProvider is null)
        {
            throw new ArgumentException("IronSessionOptions.Cookie and TimeProvider must not be null; leave them unset for the defaults.", nameof(options));
        }

        if (options.AbsoluteLifetime is { } lifetime && lifetime < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"IronSessionOptions.AbsoluteLifetime is {lifetime}: use null (no limit) or at least one second, e.g. TimeSpan.FromDays(30).", nameof(options));
        }

        if (options.BrowserSessionCookie && (options.Cookie.MaxAge is not null || options.Cookie.Expires is not null))
        {
            throw new ArgumentException(
                "IronSessionOptions.BrowserSessionCookie writes the cookie without Max-Age and Expires, but Cookie sets one of them: leave Cookie.MaxAge and Cookie.Expires unset, or turn BrowserSessionCookie off.",
                nameof(options));
        }

        return options;
    }

    public IronSessionOptions Options { get; }

    /// <summary>The attributes every save writes (Max-Age filled in).</summary>
    public CookieAttributes Cookie { get; }

    /// <summary>The same attributes with Max-Age 0: what deleting a cookie writes.</summary>
    public CookieAttributes Expire { get; }

    /// <summary>The ttl in ms; 0 for the longest.</summary>
    public long TtlMilliseconds { get; }

    /// <summary><c>name.0</c> … <c>name.3</c>, made once (every save checks the request for stale chunks).</summary>
    public IReadOnlyList<string> ChunkNames { get; }

    /// <summary>UTF-8 bytes of the attribute part every saved cookie carries (<c>; Max-Age=…; Path=/; …</c>).</summary>
    public int AttributeBytes { get; }

    /// <summary>The UTF-8 size of the whole Set-Cookie header a save would write, without building it.</summary>
    public int HeaderBytes(string name, ReadOnlySpan<char> value) =>
        Encoding.UTF8.GetByteCount(name) + 1 + CookieSerializer.EncodedByteCount(value) + AttributeBytes;

    public static IronSessionFormat For(IronSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return s_cache.GetValue(options, static o => new IronSessionFormat(o));
    }

    public override ReadOnlySpan<char> ReadSeal(ICookieStore store) => SessionCookies.ReadSeal(store, this);

    protected override void WriteSeal(ICookieStore store, ReadOnlySpan<char> seal, CookieAttributes cookie) =>
        SessionCookies.WriteSeal(store, this, seal, cookie);

    /// <summary>
    /// The sealed JSON is the data (in the pre-v6 <c>persistent</c> layout for options that opt in and seals without
    /// <c>~2</c>); IronSeal's reserved members are read from it and kept out of the data; then the absolute lifetime and
    /// the session's own end are checked.
    /// </summary>
    public override SealError? TryOpen<T>(ReadOnlySpan<char> seal, JsonTypeInfo<T> typeInfo, long now, out Envelope<T> envelope, out SealException? detail)
    {
        envelope = default;
        detail = null;
        SealError? error = TryOpenSeal(seal, now, out Plaintext plaintext, out _);
        if (error is not null)
        {
            return error;
        }

        Span<long?> reserved = stackalloc long?[SessionStamp.Names.Length];
        T? data;
        byte[]? kept = null;
        KeptMembers.Found found = default;
        using (plaintext)
        {
            error = plaintext.TryRead(typeInfo, Options.LegacyPersistentLayout, out detail, out data);
            if (error is not null)
            {
                return error;
            }

            if (plaintext.Bytes.IndexOf(SessionStamp.Prefix) >= 0)
            {
                JsonPayload.ReadTopLevelInt64s(plaintext.Bytes, SessionStamp.Names, reserved);
            }

            if (!Options.LegacyPersistentLayout || plaintext.IsVersion2)
            {
                kept = JsonPayload.KeepUnmodelled(plaintext.Bytes, typeInfo, out found, SessionStamp.Prefix);
            }

            envelope = new Envelope<T>(data!, kept, found, plaintext.ExpiresAt, SessionStamp.From(reserved));
        }

        SessionStamp stamp = envelope.Stamp;
        if (!stamp.IsEmpty)
        {
            SessionStamp.RemoveFrom(data);
        }

        if (Options.AbsoluteLifetime is { } lifetime && stamp.IssuedAt is { } issuedAt && issuedAt + (long)lifetime.TotalMilliseconds <= now)
        {
            detail = new SealException(SealError.Expired, "The session is past its absolute lifetime (IronSessionOptions.AbsoluteLifetime) since its first issue; the user must sign in again.");
            return SealError.Expired;
        }

        if (stamp.EndsAt is { } end && end <= now)
        {
            detail = new SealException(SealError.Expired, "The session is past the end it was given (IronSession<T>.EndsAt, a sign-in's ExpiresUtc); the user must sign in again.");
            return SealError.Expired;
        }

        return null;
    }

    /// <summary>Rolling: due for renewal when the seal has less than half its ttl left.</summary>
    public bool IsRenewalDue(long expiresAt, long now) =>
        Options.Rolling && TtlMilliseconds != 0 && expiresAt != 0 && expiresAt - now < TtlMilliseconds / 2;

    /// <summary>ttl − 60 s (whole seconds); the longest for zero; the whole ttl when it is 60 s or less (iron-session 9).</summary>
    internal static TimeSpan MaxAgeFor(TimeSpan ttl)
    {
        if (ttl == TimeSpan.Zero)
        {
            return LongestMaxAge;
        }

        long seconds = ttl.Ticks / TimeSpan.TicksPerSecond;
        return TimeSpan.FromSeconds(seconds > 60 ? seconds - 60 : seconds);
    }
}
