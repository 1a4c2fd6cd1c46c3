using System.Runtime.CompilerServices;
using System.Text;

namespace IronSeal;

/// <summary>
/// What a validated <see cref="IronSessionOptions"/> works out to: the seal options and the cookie attributes with
/// Max-Age filled in. Computed once per options instance (by reference; records are immutable).
/// </summary>
internal sealed class SessionConfig
{
    /// <summary>The longest Max-Age iron-session writes (2^31 − 1 s), used when the ttl is zero.</summary>
    public static readonly TimeSpan LongestMaxAge = TimeSpan.FromSeconds(int.MaxValue);

    private static readonly ConditionalWeakTable<IronSessionOptions, SessionConfig> s_cache = [];

    private SessionConfig(IronSessionOptions options)
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

        Options = options;
        ChunkPrefix = options.CookieName + ".";
        ChunkNames = [.. Enumerable.Range(0, SessionCookies.MaxChunks).Select(index => SessionCookies.ChunkName(options.CookieName, index))];
        Cookie = options.BrowserSessionCookie || options.Cookie.MaxAge is not null ? options.Cookie : options.Cookie with { MaxAge = MaxAgeFor(options.Ttl) };
        Expire = Cookie with { MaxAge = TimeSpan.Zero };
        Seal = new SealOptions
        {
            Password = options.Password,
            Ttl = options.Ttl,
            TimeProvider = options.TimeProvider,
            JsonSerializerOptions = options.JsonSerializerOptions,
            LegacyPersistentLayout = options.LegacyPersistentLayout,
        };

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

    public IronSessionOptions Options { get; }

    /// <summary>The attributes every save writes (Max-Age filled in).</summary>
    public CookieAttributes Cookie { get; }

    /// <summary>The same attributes with Max-Age 0: what deleting a cookie writes.</summary>
    public CookieAttributes Expire { get; }

    public SealOptions Seal { get; }

    /// <summary><c>name.0</c> … <c>name.3</c>, made once (every save checks the request for stale chunks).</summary>
    public IReadOnlyList<string> ChunkNames { get; }

    /// <summary>What every chunk's name starts with: the cookie name and a dot.</summary>
    public string ChunkPrefix { get; }

    /// <summary>UTF-8 bytes of the attribute part every saved cookie carries (<c>; Max-Age=…; Path=/; …</c>).</summary>
    public int AttributeBytes { get; }

    /// <summary>The UTF-8 size of the whole Set-Cookie header a save would write, without building it.</summary>
    public int HeaderBytes(string name, ReadOnlySpan<char> value) =>
        Encoding.UTF8.GetByteCount(name) + 1 + CookieSerializer.EncodedByteCount(value) + AttributeBytes;

    public static SessionConfig For(IronSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return s_cache.GetValue(options, static o => new SessionConfig(o));
    }

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
