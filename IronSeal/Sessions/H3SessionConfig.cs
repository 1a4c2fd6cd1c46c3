using System.Runtime.CompilerServices;

namespace IronSeal;

/// <summary>
/// What a validated <see cref="H3SessionOptions"/> works out to: lifetimes in milliseconds, the cookie attributes, the
/// header name, the PBKDF2 round count. Computed once per options instance.
/// </summary>
internal sealed class H3SessionConfig
{
    private static readonly ConditionalWeakTable<H3SessionOptions, H3SessionConfig> s_cache = [];

    private H3SessionConfig(H3SessionOptions options)
    {
        if (string.IsNullOrEmpty(options.Name))
        {
            throw new ArgumentException("H3SessionOptions.Name is missing: give the h3 session name, \"h3\" by default, \"nuxt-session\" with nuxt-auth-utils.", nameof(options));
        }

        if (options.Password is null)
        {
            throw new ArgumentException("H3SessionOptions.Password is missing: give the h3 app's password (in Nuxt, NUXT_SESSION_PASSWORD), at least 32 characters.", nameof(options));
        }

        if (options.Password.SealingId is null)
        {
            throw new ArgumentException($"H3SessionOptions.Password cannot seal: its ids must be integers such as \"1\", \"2\". It has {options.Password}.", nameof(options));
        }

        if (options.Version is not (H3Version.V1 or H3Version.V2))
        {
            throw new ArgumentException($"H3SessionOptions.Version is {options.Version}: use H3Version.V1 (h3 1.x, Nuxt 3 and 4) or H3Version.V2 (h3 2.x).", nameof(options));
        }

        if (options.TimeProvider is null)
        {
            throw new ArgumentException("H3SessionOptions.TimeProvider must not be null; leave it unset for TimeProvider.System.", nameof(options));
        }

        MaxAgeMilliseconds = WholeSeconds(options.MaxAge, nameof(H3SessionOptions.MaxAge));
        IdleTimeoutMilliseconds = WholeSeconds(options.IdleTimeout, nameof(H3SessionOptions.IdleTimeout));
        if (IdleTimeoutMilliseconds != 0 && options.Version == H3Version.V1)
        {
            throw new ArgumentException(
                "H3SessionOptions.IdleTimeout is set, but h3 1.x has no idle timeout (it ignores idleTimeout): an h3 1.x app would keep the session alive. Use H3Version.V2 or leave IdleTimeout unset.",
                nameof(options));
        }

        Options = options;
        Cookie = options.Cookie ?? H3SessionOptions.DefaultCookie(options.Version);
        Iterations = options.Version == H3Version.V2 ? H3SessionOptions.V2Iterations : KeyDerivation.IronIterations;
        HeaderName = options.SessionHeader is null ? $"x-{options.Name.ToLowerInvariant()}-session" : options.SessionHeader.ToLowerInvariant();

        // h3 1.x clears with its cookie options and nothing else (an empty cookie, no Max-Age); 2.x deletes with Max-Age=0.
        Clear = options.Version == H3Version.V2 ? Cookie with { MaxAge = TimeSpan.Zero, Expires = null } : Cookie with { Expires = null };
        try
        {
            CookieSerializer.Serialize(options.Name, string.Empty, Cookie);
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"H3SessionOptions.Cookie/Name: {exception.Message}", nameof(options), exception);
        }
    }

    public H3SessionOptions Options { get; }

    public bool IsV2 => Options.Version == H3Version.V2;

    /// <summary>The attributes every save writes, before <c>Expires</c> is worked out for the session.</summary>
    public CookieAttributes Cookie { get; }

    /// <summary>What clearing writes: 1.x an empty cookie with the same attributes, 2.x the same with <c>Max-Age=0</c>.</summary>
    public CookieAttributes Clear { get; }

    /// <summary>Deleting a stale 2.x chunk.</summary>
    public CookieAttributes Expire => Cookie with { MaxAge = TimeSpan.Zero, Expires = null };

    /// <summary>h3's <c>maxAge</c> in ms; 0 for none.</summary>
    public long MaxAgeMilliseconds { get; }

    /// <summary>h3 2.x's <c>idleTimeout</c> in ms; 0 for none.</summary>
    public long IdleTimeoutMilliseconds { get; }

    /// <summary>PBKDF2 rounds: 1 (h3 1.x), 8192 (h3 2.x).</summary>
    public int Iterations { get; }

    /// <summary>The request header h3 reads first, lower-cased; empty for none.</summary>
    public string HeaderName { get; }

    /// <summary>The seal's ttl in ms: h3 1.x <c>maxAge</c>; 2.x <c>maxAge || idleTimeout</c>; 0 for a seal that never expires.</summary>
    public long SealTtlMilliseconds => MaxAgeMilliseconds != 0 ? MaxAgeMilliseconds : IdleTimeoutMilliseconds;

    public static H3SessionConfig For(H3SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return s_cache.GetValue(options, static o => new H3SessionConfig(o));
    }

    private static long WholeSeconds(TimeSpan? value, string name)
    {
        if (value is not { } span)
        {
            return 0;
        }

        if (span <= TimeSpan.Zero || span.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException(
                $"H3SessionOptions.{name} is {span}: h3 counts it in whole seconds, so give a positive whole number of seconds, e.g. TimeSpan.FromDays(7), or null for none.",
                "options");
        }

        return span.Ticks / TimeSpan.TicksPerMillisecond;
    }
}
