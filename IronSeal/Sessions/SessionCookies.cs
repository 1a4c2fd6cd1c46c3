using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace IronSeal;

/// <summary>
/// Reads and writes a session's seal through an <see cref="ICookieStore"/>: one cookie, or chunks in one of two layouts:
/// iron-session 9's <c>name.0</c> … <c>name.3</c> (<see cref="IronSession{T}"/>), or h3 2.x's <c>name=__chunked__N</c>
/// with <c>name.1</c> … <c>name.N</c> (<see cref="H3Session{T}"/>). The HMAC covers the whole seal, so nothing here has
/// to trust a chunk.
/// </summary>
internal static class SessionCookies
{
    /// <summary>Browsers refuse a Set-Cookie header longer than this (bytes of UTF-8, attributes included).</summary>
    public const int MaxCookieBytes = 4096;

    /// <summary>At most this many chunks: four already put ~16 KB in every request's Cookie header.</summary>
    public const int MaxChunks = 4;

    public static string ChunkName(string cookieName, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{cookieName}.{index}");

    /// <summary>
    /// The whole cookie when present and not empty; otherwise the chunks concatenated up to the first gap; empty when
    /// there is neither. Read as <see cref="Read"/> reads (in place when the store offers its header).
    /// </summary>
    public static ReadOnlySpan<char> ReadSeal(ICookieStore store, SessionConfig config)
    {
        ReadOnlySpan<char> whole = Read(store, config.Options.CookieName);
        if (!whole.IsEmpty)
        {
            return whole;
        }

        // Chunks are at most 4096 bytes each in honest cookies; anything longer is refused by the seal's size
        // limit, so the join below never exceeds 4 × that limit.

        StringBuilder? seal = null;
        for (int index = 0; index < MaxChunks; index++)
        {
            ReadOnlySpan<char> part = Read(store, config.ChunkNames[index]);
            if (part.IsEmpty)
            {
                break;
            }

            (seal ??= new StringBuilder()).Append(part);
        }

        return seal?.ToString();
    }

    /// <summary>
    /// True when <paramref name="header"/> holds a second cookie named <paramref name="name"/>; <paramref name="second"/>
    /// is its value, decoded as the first is. One substring search rules out almost every request.
    /// </summary>
    public static bool TryGetSecond(string header, string name, [NotNullWhen(true)] out string? second)
    {
        second = null;
        int first = header.IndexOf(name, StringComparison.Ordinal);
        if (first < 0 || header.IndexOf(name, first + name.Length, StringComparison.Ordinal) < 0
            || !CookieParser.TryGetRaw(header, name, occurrence: 1, out ReadOnlySpan<char> raw))
        {
            return false;
        }

        second = CookieParser.DecodeRaw(raw).ToString();
        return true;
    }

    /// <summary>
    /// The request cookie <paramref name="name"/> (empty when absent): read in place from the store's
    /// <see cref="ICookieStore.RequestCookieHeader"/> when it offers one (a copy only when percent-escapes are decoded),
    /// otherwise through <see cref="ICookieStore.Get"/>.
    /// </summary>
    private static ReadOnlySpan<char> Read(ICookieStore store, string name) =>
        store.RequestCookieHeader is { } header
            ? CookieParser.TryGetRaw(header, name, out ReadOnlySpan<char> raw) ? CookieParser.DecodeRaw(raw) : default
            : store.Get(name);

    /// <summary>
    /// <see cref="WriteSeal(ICookieStore, SessionConfig, ReadOnlySpan{char}, CookieAttributes)"/> for a seal handed over
    /// as the ASCII bytes it was written in (<see cref="SealTextHandler{TState, TResult}"/>): the characters go to the
    /// store from a buffer, so a save makes one string, the <c>Set-Cookie</c> header, where it made two
    /// (SpanCookieValueOptimizationBenchmarks).
    /// </summary>
    public static bool WriteSeal(ReadOnlySpan<byte> ascii, (ICookieStore Store, SessionConfig Config, CookieAttributes Cookie) target) =>
        WithChars(ascii, target, static (seal, t) => WriteSeal(t.Store, t.Config, seal, t.Cookie));

    /// <summary>
    /// Widens a seal's ASCII bytes to characters, on the stack for ordinary sessions, and hands them to
    /// <paramref name="write"/>.
    /// </summary>
    [SkipLocalsInit] // the buffer is written before it is read: no need to zero 2 KB of stack per save
    private static bool WithChars<TState>(ReadOnlySpan<byte> ascii, TState state, CharsAction<TState> write)
    {
        var seal = new ValueStringBuilder(stackalloc char[1024]);
        try
        {
            seal.AppendAscii(ascii);
            write(seal.Written, state);
            return true;
        }
        finally
        {
            seal.Dispose();
        }
    }

    private delegate void CharsAction<TState>(ReadOnlySpan<char> chars, TState state);

    /// <summary>
    /// Writes a seal as one cookie when it fits, as chunks when it does not and chunking is on, with the attributes of
    /// this save (<see cref="SessionConfig.Cookie"/>, or a shorter Max-Age near the end of an absolute lifetime); expires
    /// what the request still carries.
    /// </summary>
    /// <exception cref="SessionCookieTooLargeException">Too big for one cookie without chunking, or for four chunks.</exception>
    public static void WriteSeal(ICookieStore store, SessionConfig config, ReadOnlySpan<char> seal, CookieAttributes cookie)
    {
        string name = config.Options.CookieName;
        int wholeBytes = config.HeaderBytes(name, seal);
        if (wholeBytes <= MaxCookieBytes)
        {
            store.Set(name, seal, cookie);
            ExpireStale(store, config, keepWhole: true, keepChunks: 0);
            return;
        }

        if (!config.Options.Chunking)
        {
            SessionMetrics.TooLarge(name);
            throw new SessionCookieTooLargeException(
                name,
                wholeBytes,
                $"The session cookie \"{name}\" would be {wholeBytes} bytes and browsers refuse cookies over {MaxCookieBytes} bytes. " +
                "Remove some data from the session (store an id and keep the data on the server), or turn on chunking (IronSessionOptions.Chunking = true; in ASP.NET Core the setting IronSession:Chunking) to split it across up to 4 cookies.");
        }

        int budget = MaxCookieBytes - config.HeaderBytes(config.ChunkNames[0], string.Empty);
        int count = (seal.Length + budget - 1) / budget;
        if (count > MaxChunks)
        {
            SessionMetrics.TooLarge(name);
            throw new SessionCookieTooLargeException(
                name,
                seal.Length,
                $"The session cookie \"{name}\" needs {count} chunks of {budget} characters and at most {MaxChunks} are written: every request would carry over 16 KB of cookies. " +
                "Store an id in the session and keep the data on the server.");
        }

        for (int index = 0; index < count; index++)
        {
            int start = index * budget;
            store.Set(config.ChunkNames[index], seal.Slice(start, Math.Min(budget, seal.Length - start)), cookie);
        }

        ExpireStale(store, config, keepWhole: false, keepChunks: count);
    }

    /// <summary>Deletes the session cookie and every chunk the request carries.</summary>
    public static void Delete(ICookieStore store, SessionConfig config)
    {
        store.Set(config.Options.CookieName, string.Empty, config.Expire);
        ExpireStale(store, config, keepWhole: true, keepChunks: 0);
    }

    /// <summary>
    /// Expires cookies the request carries that the new seal does not use: a session that shrank from three chunks to
    /// one must not leave chunks 1 and 2 behind, or the next read would glue them on and fail.
    /// </summary>
    private static void ExpireStale(ICookieStore store, SessionConfig config, bool keepWhole, int keepChunks)
    {
        string name = config.Options.CookieName;
        if (!keepWhole && !Read(store, name).IsEmpty)
        {
            store.Set(name, string.Empty, config.Expire);
        }

        // One search rules out every chunk when the store offers its header (AbsentCookieOptimizationBenchmarks).
        if (store.RequestCookieHeader is { } header && !header.Contains(config.ChunkPrefix, StringComparison.Ordinal))
        {
            return;
        }

        for (int index = keepChunks; index < MaxChunks; index++)
        {
            string chunk = config.ChunkNames[index];
            if (!Read(store, chunk).IsEmpty)
            {
                store.Set(chunk, string.Empty, config.Expire);
            }
        }
    }

    /// <summary>What h3 2.x writes as the main cookie's value when the session is chunked, followed by the chunk count.</summary>
    public const string H3ChunkedMarker = "__chunked__";

    /// <summary>h3 2.x's chunk size: at most this many characters per chunk once URI-encoded (seals need no encoding).</summary>
    public const int H3ChunkLength = 4000;

    /// <summary>h3 2.x reads at most this many chunks; a larger count in the main cookie is no session.</summary>
    public const int H3MaxChunkCount = 100;

    /// <summary>
    /// The seal of an h3 session: the cookie <paramref name="name"/>, or with <paramref name="chunked"/> (h3 2.x), when
    /// that cookie is <c>__chunked__N</c>, the chunks <c>name.1</c> … <c>name.N</c> joined; empty when a chunk is missing.
    /// </summary>
    public static ReadOnlySpan<char> ReadH3(ICookieStore store, string name, bool chunked)
    {
        ReadOnlySpan<char> main = Read(store, name);
        if (!chunked || !main.StartsWith(H3ChunkedMarker, StringComparison.Ordinal))
        {
            return main;
        }

        int count = H3ChunkCount(main);
        StringBuilder seal = new();
        for (int index = 1; index <= count; index++)
        {
            ReadOnlySpan<char> part = Read(store, ChunkName(name, index));
            if (part.IsEmpty)
            {
                return default;
            }

            seal.Append(part);
        }

        return seal.ToString();
    }

    /// <summary>
    /// Writes an h3 session's seal. h3 1.x writes one cookie (and never checks its size: here a cookie browsers would
    /// refuse throws instead); h3 2.x (<paramref name="chunked"/>) splits a seal over 4000 characters into
    /// <c>name=__chunked__N</c> and <c>name.1</c> … <c>name.N</c>, and expires the request's chunks the new seal does not use.
    /// </summary>
    /// <exception cref="SessionCookieTooLargeException">Too big for one cookie (1.x), or for the seal size IronSeal reads back (2.x).</exception>
    public static void WriteH3(ICookieStore store, string name, ReadOnlySpan<char> seal, CookieAttributes cookie, CookieAttributes expire, bool chunked)
    {
        if (!chunked)
        {
            int bytes = Encoding.UTF8.GetByteCount(CookieSerializer.Serialize(name, string.Empty, cookie)) + CookieSerializer.EncodedByteCount(seal);
            if (bytes > MaxCookieBytes)
            {
                SessionMetrics.TooLarge(name);
                throw new SessionCookieTooLargeException(
                    name,
                    bytes,
                    $"The h3 session cookie \"{name}\" would be {bytes} bytes and browsers refuse cookies over {MaxCookieBytes} bytes (h3 1.x writes it anyway, and the browser drops it). " +
                    "Remove some data from the session, or share the session with h3 2.x (H3SessionOptions.Version = H3Version.V2), which splits it into chunks.");
            }

            store.Set(name, seal, cookie);
            return;
        }

        int count = (seal.Length + H3ChunkLength - 1) / H3ChunkLength;
        if (seal.Length > SealFormat.MaxSealLength)
        {
            SessionMetrics.TooLarge(name);
            throw new SessionCookieTooLargeException(
                name,
                seal.Length,
                $"The h3 session \"{name}\" would be {seal.Length} characters in {count} chunks, over the {SealFormat.MaxSealLength} characters IronSeal reads back. " +
                "Store an id in the session and keep the data on the server.");
        }

        int previous = H3ChunkCount(Read(store, name));
        for (int index = count <= 1 ? 1 : count + 1; index <= previous; index++)
        {
            store.Set(ChunkName(name, index), string.Empty, expire);
        }

        if (count <= 1)
        {
            store.Set(name, seal, cookie);
            return;
        }

        store.Set(name, H3ChunkedMarker + count.ToString(CultureInfo.InvariantCulture), cookie);
        for (int index = 1; index <= count; index++)
        {
            int start = (index - 1) * H3ChunkLength;
            store.Set(ChunkName(name, index), seal.Slice(start, Math.Min(H3ChunkLength, seal.Length - start)), cookie);
        }
    }

    /// <summary><see cref="WriteH3(ICookieStore, string, ReadOnlySpan{char}, CookieAttributes, CookieAttributes, bool)"/> for a seal handed over as ASCII bytes.</summary>
    public static bool WriteH3(
        ReadOnlySpan<byte> ascii, (ICookieStore Store, string Name, CookieAttributes Cookie, CookieAttributes Expire, bool Chunked) target) =>
        WithChars(ascii, target, static (seal, t) => WriteH3(t.Store, t.Name, seal, t.Cookie, t.Expire, t.Chunked));

    /// <summary>Clears an h3 session's cookie with <paramref name="attributes"/>, and with <paramref name="chunked"/> every chunk the request's main cookie names.</summary>
    public static void ClearH3(ICookieStore store, string name, CookieAttributes attributes, bool chunked)
    {
        ReadOnlySpan<char> main = chunked ? Read(store, name) : default;
        store.Set(name, string.Empty, attributes);
        for (int index = 1, count = H3ChunkCount(main); index <= count; index++)
        {
            store.Set(ChunkName(name, index), string.Empty, attributes);
        }
    }

    /// <summary>
    /// The N of <c>__chunked__N</c> read as JavaScript's <c>parseInt</c> reads it (leading digits; h3 2.x), 0 for anything
    /// else or a count over <see cref="H3MaxChunkCount"/>.
    /// </summary>
    private static int H3ChunkCount(ReadOnlySpan<char> main)
    {
        if (!main.StartsWith(H3ChunkedMarker, StringComparison.Ordinal))
        {
            return 0;
        }

        ReadOnlySpan<char> rest = main[H3ChunkedMarker.Length..].TrimStart(" \t\n\r\v\f");
        int digits = 0;
        while (digits < rest.Length && digits < 4 && char.IsAsciiDigit(rest[digits]))
        {
            digits++;
        }

        return digits > 0 && int.TryParse(rest[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count <= H3MaxChunkCount ? count : 0;
    }
}
