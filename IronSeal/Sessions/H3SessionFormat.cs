using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace IronSeal;

/// <summary>
/// The h3 format of a validated <see cref="H3SessionOptions"/>: the envelope <c>{ id, createdAt, data, lastSeenAt }</c>
/// (<see cref="H3Envelope"/>), plain iron seals (h3 2.x: 8192 key rounds, one as the fallback), h3's age checks, and one
/// cookie (2.x: <c>__chunked__N</c>). Lifetimes in milliseconds. Computed once per options instance.
/// </summary>
internal sealed class H3SessionFormat : SessionFormat
{
    private static readonly ConditionalWeakTable<H3SessionOptions, H3SessionFormat> s_cache = [];

    private H3SessionFormat(H3SessionOptions options)
        : base(
            Checked(options).Name, options.Password, options.TimeProvider,
            options.Version == H3Version.V2 ? H3SessionOptions.V2Iterations : SealFormat.IronIterations, marker: false,
            options.OnUnsealError, options.OnWarning)
    {
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

    private static H3SessionOptions Checked(H3SessionOptions options)
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

        return options;
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

    /// <summary>The request header h3 reads first, lower-cased; empty for none.</summary>
    public string HeaderName { get; }

    /// <summary>The seal's ttl in ms: h3 1.x <c>maxAge</c>; 2.x <c>maxAge || idleTimeout</c>; 0 for a seal that never expires.</summary>
    public long SealTtlMilliseconds => MaxAgeMilliseconds != 0 ? MaxAgeMilliseconds : IdleTimeoutMilliseconds;

    protected override int FallbackIterations => IsV2 ? SealFormat.IronIterations : 0;

    public static H3SessionFormat For(H3SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return s_cache.GetValue(options, static o => new H3SessionFormat(o));
    }

    public override ReadOnlySpan<char> ReadSeal(ICookieStore store) => SessionCookies.ReadH3(store, CookieName, IsV2);

    protected override void WriteSeal(ICookieStore store, ReadOnlySpan<char> seal, CookieAttributes cookie) =>
        SessionCookies.WriteH3(store, CookieName, seal, cookie, Expire, IsV2);

    /// <summary>An envelope that is not h3's (no id, not an object) is refused as foreign, not as data that did not fit.</summary>
    public override bool DataDidNotFit(SealException? detail) => detail?.InnerException is JsonException;

    /// <summary>Opens a seal as h3's <c>unsealSession</c>: the seal (2.x: 8192 rounds, then one), the envelope, then h3's own age checks.</summary>
    public override SealError? TryOpen<T>(ReadOnlySpan<char> seal, JsonTypeInfo<T> typeInfo, long now, out Envelope<T> envelope, out SealException? detail)
    {
        envelope = default;
        detail = null;
        SealError? error = TryOpenSeal(seal, now, out Plaintext plaintext, out bool oneRound);
        if (error is not null)
        {
            return error;
        }

        using (plaintext)
        {
            try
            {
                (string id, long createdAt, long lastSeenAt, T data) = H3Envelope.Read(plaintext.Bytes, typeInfo, out byte[]? kept, out KeptMembers.Found found);
                envelope = new Envelope<T>(data, kept, found, plaintext.ExpiresAt, Id: id, CreatedAt: createdAt, LastSeenAt: lastSeenAt, Fallback: oneRound);
            }
            catch (SealException exception)
            {
                detail = exception;
                return exception.Reason;
            }
        }

        // h3: a missing createdAt (or lastSeenAt) counts as -Infinity, so any limit refuses it; the limits are strict (>).
        if (MaxAgeMilliseconds != 0 && (envelope.CreatedAt == 0 || now - envelope.CreatedAt > MaxAgeMilliseconds))
        {
            detail = new SealException(SealError.Expired, "The h3 session is older than H3SessionOptions.MaxAge since its createdAt; the user must sign in again.");
            return SealError.Expired;
        }

        long lastSeen = envelope.LastSeenAt != 0 ? envelope.LastSeenAt : envelope.CreatedAt;
        if (IdleTimeoutMilliseconds != 0 && (lastSeen == 0 || now - lastSeen > IdleTimeoutMilliseconds))
        {
            detail = new SealException(SealError.Expired, "The h3 session was idle for longer than H3SessionOptions.IdleTimeout; the user must sign in again.");
            return SealError.Expired;
        }

        return null;
    }

    /// <summary>h3 2.x's <c>shouldSlide</c>: more than half the idle timeout since <c>lastSeenAt</c> (or <c>createdAt</c>).</summary>
    public bool ShouldSlide(long lastSeen, long now) => IdleTimeoutMilliseconds != 0 && now - lastSeen > IdleTimeoutMilliseconds * 0.5;

    /// <summary>h3's cookie <c>Expires</c>: <c>createdAt + maxAge</c>; in 2.x the earlier of that and <c>(lastSeenAt || createdAt) + idleTimeout</c>.</summary>
    public long? EndOf(long createdAt, long? lastSeenAt)
    {
        long? expires = MaxAgeMilliseconds != 0 ? createdAt + MaxAgeMilliseconds : null;
        if (IsV2 && IdleTimeoutMilliseconds != 0)
        {
            long idle = (lastSeenAt is { } seen && seen != 0 ? seen : createdAt) + IdleTimeoutMilliseconds;
            expires = expires is { } absolute ? Math.Min(absolute, idle) : idle;
        }

        return expires;
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
